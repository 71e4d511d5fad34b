using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Claims.Domain;
using Claims.Persistence;
using Claims.Security;

namespace Claims.Cli.Commands;

/// <summary><c>claims bench rotate</c>: <c>keys rotate</c> over N patients' data keys, on a scratch database and key ring.</summary>
internal static class RotateBenchCommand
{
    public static Command Create(CliEnvironment env)
    {
        var patients = new Option<int>("--patients") { Description = "How many patients (each with a data key) to create first.", DefaultValueFactory = _ => 100_000 };
        var command = new Command("rotate", "Create N patients with data keys, then time a KEK rotation that re-wraps them all.") { patients };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            var total = parse.GetValue(patients);
            if (total is < 1 or > 10_000_000) throw new UsageException("--patients is 1 to 10,000,000.");
            var home = Path.Combine(Path.GetTempPath(), "claims-bench-" + Guid.NewGuid().ToString("N")[..8]);
            var scratch = new CliEnvironment(env.Out, env.Error, () => ClaimsDatabaseSettings.Resolve(home), env.Time);
            try
            {
                await using (var db = await scratch.OpenDatabaseAsync(token))
                {
                    var clinic = new Clinic("Rotation benchmark clinic", Npi.FromBase(123_456_789), "000000000");
                    db.Clinics.Add(clinic);
                    await db.SaveChangesAsync(token);
                    for (var done = 0; done < total;)
                    {
                        var n = Math.Min(5_000, total - done);
                        for (var i = 0; i < n; i++)
                        {
                            var patient = new Patient(clinic.Id, string.Create(CultureInfo.InvariantCulture, $"PT-B{done + i:D7}"), AdministrativeSex.Unknown, 1970);
                            db.Patients.Add(patient);
                            db.Phi.CreatePatientKey(patient.Id);
                        }
                        await db.SaveChangesAsync(token);
                        db.ChangeTracker.Clear();
                        db.ForgetDataKeys();
                        done += n;
                    }
                }
                await using var rotating = await scratch.OpenDatabaseAsync(token);
                var watch = Stopwatch.StartNew();
                var result = await PhiKeyMaintenance.RotateAsync(rotating, scratch.KeyRing, "bench", "System", token);
                var seconds = watch.Elapsed.TotalSeconds;
                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"keys rotate: {result.Rewrapped} data keys re-wrapped under {result.NewKekId} in {seconds:0.00} s ({result.Rewrapped / Math.Max(seconds, 1e-9):0} keys/s)."));
                return ExitCodes.Ok;
            }
            finally
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                try { Directory.Delete(home, recursive: true); } catch (IOException) { }
            }
        }, ct));
        return command;
    }
}
