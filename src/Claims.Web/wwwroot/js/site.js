// Claims: code search autocomplete, keyboard shortcuts and the idle sign-out notice. No inline scripts (the CSP
// allows scripts from this origin only); everything hangs off data- attributes in the pages.
(function () {
  'use strict';

  // --- Code search autocomplete: <input data-codes="icd10cm|cpt|hcpcs|procedure"> -----------------------------
  let listCount = 0;
  function attachCombo(input) {
    const system = input.dataset.codes;
    const list = document.createElement('ul');
    list.id = 'codes-' + (++listCount);
    list.className = 'combo-list';
    list.setAttribute('role', 'listbox');
    list.hidden = true;
    input.after(list);
    input.setAttribute('role', 'combobox');
    input.setAttribute('aria-autocomplete', 'list');
    input.setAttribute('aria-controls', list.id);
    input.setAttribute('aria-expanded', 'false');

    let active = -1, timer = 0, asked = 0;
    const options = () => Array.from(list.querySelectorAll('[role=option]'));
    function close() { list.hidden = true; active = -1; input.setAttribute('aria-expanded', 'false'); input.removeAttribute('aria-activedescendant'); }
    function highlight(i) {
      const all = options();
      if (all.length === 0) return;
      active = (i + all.length) % all.length;
      all.forEach((o, k) => o.setAttribute('aria-selected', k === active ? 'true' : 'false'));
      input.setAttribute('aria-activedescendant', all[active].id);
      all[active].scrollIntoView({ block: 'nearest' });
    }
    function choose(option) {
      // A header (J20) is not billable: the workbench refuses it, so the list does not hand it over either.
      if (option.classList.contains('header')) {
        input.setCustomValidity(option.dataset.code + ' is a category header, not billable: choose a code below it.');
        input.reportValidity();
        return;
      }
      input.value = option.dataset.code;
      close();
      input.focus();
    }
    async function search() {
      const q = input.value.trim();
      if (q.length < 2) { close(); return; }
      const ticket = ++asked;
      const response = await fetch('/api/codes?system=' + encodeURIComponent(system) + '&q=' + encodeURIComponent(q), { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      // A newer search is under way, or the session ended (the answer is then the sign-in page, not JSON).
      if (ticket !== asked || !response.ok || !(response.headers.get('Content-Type') || '').includes('json')) return;
      const hits = await response.json();
      list.replaceChildren(...hits.map((h, i) => {
        const li = document.createElement('li');
        li.id = list.id + '-' + i;
        li.setAttribute('role', 'option');
        li.dataset.code = h.code;
        const code = document.createElement('span');
        code.className = 'code';
        code.textContent = h.code;
        const desc = document.createElement('span');
        desc.textContent = ' ' + h.description + (h.billable ? '' : ' (header, not billable)');
        if (!h.billable) { li.classList.add('header'); li.setAttribute('aria-disabled', 'true'); }
        li.append(code, desc);
        li.addEventListener('mousedown', e => { e.preventDefault(); choose(li); });
        return li;
      }));
      if (hits.length === 0) {
        const li = document.createElement('li');
        li.className = 'none';
        li.textContent = 'No code matches "' + q + '"';
        list.replaceChildren(li);
      }
      list.hidden = false;
      input.setAttribute('aria-expanded', 'true');
      active = -1;
    }
    input.addEventListener('input', () => { input.setCustomValidity(''); clearTimeout(timer); timer = setTimeout(search, 150); });
    input.addEventListener('keydown', e => {
      if (list.hidden) return;
      if (e.key === 'ArrowDown') { e.preventDefault(); highlight(active + 1); }
      else if (e.key === 'ArrowUp') { e.preventDefault(); highlight(active - 1); }
      else if (e.key === 'Enter' && active >= 0) { e.preventDefault(); choose(options()[active]); }
      else if (e.key === 'Escape') { e.preventDefault(); close(); }
    });
    input.addEventListener('blur', () => setTimeout(close, 100));
  }
  document.querySelectorAll('input[data-codes]').forEach(attachCombo);

  // --- Keyboard shortcuts: an element with data-key="x" is focused (inputs) or clicked (buttons, links) on x or Alt+x ---
  function typing(target) {
    return target instanceof HTMLElement && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));
  }
  // Alt+letter works even while typing (e.key varies with the keyboard layout under Alt, e.code does not).
  document.addEventListener('keydown', e => {
    if (e.ctrlKey || e.metaKey || e.repeat) return;
    let key = e.key;
    if (e.altKey) {
      if (!e.code.startsWith('Key')) return;
      key = e.code.slice(3).toLowerCase();
    } else if (typing(e.target)) {
      return;
    }
    if (key === 'a') {
      const accept = document.querySelector('button[data-accept]');
      if (accept) { e.preventDefault(); accept.click(); }
      return;
    }
    const target = document.querySelector('[data-key="' + CSS.escape(key) + '"]');
    if (!target) return;
    e.preventDefault();
    if (target.tagName === 'INPUT') target.focus(); else target.click();
  });

  // --- Automatic logoff: the cookie lapses after 15 idle minutes; the page also signs out for real (audited) and
  // leaves the screen, so no patient data stays on an unattended display.
  const idleMinutes = 15;
  let idle = 0;
  const reset = () => { idle = 0; };
  ['keydown', 'mousedown', 'touchstart'].forEach(k => document.addEventListener(k, reset, { passive: true }));
  const signOut = document.getElementById('sign-out');
  if (document.body.dataset.signedIn === 'true' && signOut) {
    setInterval(() => {
      idle += 1;
      if (idle < idleMinutes) return;
      const flag = document.createElement('input');
      flag.type = 'hidden';
      flag.name = 'idle';
      flag.value = 'true';
      signOut.append(flag);
      signOut.submit();
    }, 60000);
  }
})();
