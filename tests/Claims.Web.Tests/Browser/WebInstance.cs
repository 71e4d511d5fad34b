using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace Claims.Web.Tests.Browser;

/// <summary>
/// One web instance as its own OS process: <c>dotnet Claims.Web.dll --urls http://127.0.0.1:PORT</c> from the test
/// binaries, configured by environment variables only (as a service manager would), its output captured to a log
/// file beside the screenshots. Disposing kills the whole process tree.
/// </summary>
internal sealed class WebInstance : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _logGate = new();
    private bool _closed;

    private WebInstance(string name, Uri baseAddress, Process process, StreamWriter log, string logPath)
    {
        Name = name;
        BaseAddress = baseAddress;
        _process = process;
        _log = log;
        LogPath = logPath;
    }

    public string Name { get; }

    public Uri BaseAddress { get; }

    public string LogPath { get; }

    public int Port => BaseAddress.Port;

    /// <summary>Starts the process; it is running (not yet ready) when this returns.</summary>
    public static WebInstance Start(string name, IReadOnlyDictionary<string, string> environment, string logFolder)
    {
        var port = FreePort();
        var baseAddress = new Uri($"http://127.0.0.1:{port}/");
        var dll = Path.Combine(AppContext.BaseDirectory, "Claims.Web.dll");
        if (!File.Exists(dll)) throw new FileNotFoundException("Claims.Web.dll is not beside the test binaries (the test project references Claims.Web).", dll);
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseAddress.GetLeftPart(UriPartial.Authority));
        // Nothing of the test runner's own Claims settings may leak into the instance: it gets exactly what we set.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("CLAIMS_", StringComparison.Ordinal) || k.StartsWith("ASPNETCORE_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }
        foreach (var (key, value) in environment) start.Environment[key] = value;

        Directory.CreateDirectory(logFolder);
        var logPath = Path.Combine(logFolder, $"instance-{name}.log");
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var instance = new WebInstance(name, baseAddress, process, log, logPath);
        process.OutputDataReceived += (_, e) => instance.Write(e.Data);
        process.ErrorDataReceived += (_, e) => instance.Write(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return instance;
    }

    private void Write(string? line)
    {
        if (line is null) return;
        lock (_logGate)
        {
            // Output may still arrive while the process dies, after the log is closed.
            if (!_closed) _log.WriteLine(line);
        }
    }

    /// <summary>
    /// Waits until /healthz reports Healthy (the first instance migrates and seeds before it listens); fails with the
    /// tail of the instance's log when it exits or takes longer than <paramref name="timeout"/>.
    /// </summary>
    public async Task WaitHealthyAsync(HttpClient http, TimeSpan timeout)
    {
        var until = DateTimeOffset.UtcNow + timeout;
        string last = "no answer";
        while (DateTimeOffset.UtcNow < until)
        {
            if (_process.HasExited) throw new InvalidOperationException($"instance {Name} exited with code {_process.ExitCode}: {Tail()}");
            try
            {
                using var response = await http.GetAsync(new Uri(BaseAddress, "/healthz"));
                last = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK && JsonDocument.Parse(last).RootElement.GetProperty("status").GetString() == "Healthy") return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet: it migrates and seeds first.
            }
            await Task.Delay(500);
        }
        throw new TimeoutException($"instance {Name} was not healthy within {timeout.TotalSeconds:0} s (last /healthz: {last}): {Tail()}");
    }

    /// <summary>What the instance has written so far.</summary>
    public string ReadLog()
    {
        lock (_logGate)
        {
            if (!_closed) _log.Flush();
        }
        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private string Tail()
    {
        try
        {
            return string.Join('\n', ReadLog().Split('\n').TakeLast(40));
        }
        catch (IOException)
        {
            return "(log unreadable)";
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
                await _process.WaitForExitAsync(wait.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // It was never started or is already gone.
        }
        finally
        {
            _process.Dispose();
            lock (_logGate)
            {
                _closed = true;
                _log.Dispose();
            }
        }
    }
}
