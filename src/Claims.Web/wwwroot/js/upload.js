// Drag and drop onto the upload form: the dropped file goes into the file input, then the form is sent.
(function () {
  const zone = document.getElementById("dropzone");
  const input = document.getElementById("bundle");
  const form = document.getElementById("upload-form");
  if (!zone || !input || !form) return;
  ["dragenter", "dragover"].forEach(e => zone.addEventListener(e, ev => { ev.preventDefault(); zone.classList.add("over"); }));
  ["dragleave", "drop"].forEach(e => zone.addEventListener(e, ev => { ev.preventDefault(); zone.classList.remove("over"); }));
  zone.addEventListener("drop", ev => {
    if (!ev.dataTransfer || ev.dataTransfer.files.length === 0) return;
    input.files = ev.dataTransfer.files;
    form.requestSubmit();
  });
})();
