using System.CommandLine;
using Claims.Privacy;
using Claims.Security;

namespace Claims.Cli.Commands;

/// <summary><c>claims keys rotate</c>: a new primary KEK, every data key re-wrapped (compliance/key-management.md).</summary>
internal static class KeysCommand
{
    public static Command Create(CliEnvironment env)
    {
        var keys = new Command("keys", "The key ring that protects PHI.");
        var rotate = new Command("rotate", "Add a primary key-encryption key and re-wrap every patient data key under it (data rows are not rewritten). Audited.");
        rotate.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var started = env.Time.GetTimestamp();
            var result = await PhiKeyMaintenance.RotateAsync(db, env.KeyRing, env.ActorId, "Operator", token);
            var elapsed = env.Time.GetElapsedTime(started);
            await env.Out.WriteLineAsync($"New primary KEK {result.NewKekId}: {result.Rewrapped} data keys re-wrapped ({result.Destroyed} erased keys skipped) in {elapsed.TotalSeconds:0.0} s.");
            return ExitCodes.Ok;
        }, ct));
        keys.Subcommands.Add(rotate);
        return keys;
    }
}

/// <summary><c>claims gdpr export|erase</c>: the data subject's rights of access/portability and erasure (compliance/gdpr.md).</summary>
internal static class GdprCommand
{
    public static Command Create(CliEnvironment env)
    {
        var gdpr = new Command("gdpr", "Data subjects' rights: export everything held about a patient, or erase its identifying data.");

        var exportPatient = new Option<string>("--patient") { Description = "Patient id (GUID) or pseudonym.", Required = true };
        var output = new Option<string>("--out") { Description = "The FHIR Bundle file; its manifest goes beside it as FILE.manifest.json.", Required = true };
        var export = new Command("export", "Art. 15/20: a FHIR R4 Bundle (Patient, Coverage, Claim) of everything held about the patient, with a manifest of purposes, recipients and retention. Audited.") { exportPatient, output };
        export.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var patient = await new PatientRecords(db).FindOneAsync(parse.GetValue(exportPatient)!, token);
            var path = Path.GetFullPath(parse.GetValue(output)!);
            var manifest = await GdprExporter.ExportAsync(db, patient, path, env.ActorId, "Operator", env.Time, token);
            await env.Out.WriteLineAsync($"Exported patient {patient.Pseudonym}{(manifest.Erased ? " (erased: no identifying data)" : "")}: {manifest.Coverages} coverages, {manifest.Claims} claims to {path}; manifest {GdprManifest.ManifestPath(path)}.");
            return ExitCodes.Ok;
        }, ct));

        var erasePatient = new Option<string>("--patient") { Description = "Patient id (GUID) or pseudonym.", Required = true };
        var erase = new Command("erase", "Art. 17: destroy the patient's data key (crypto-shredding). Claims keep their pseudonymous rows; the audit trail still verifies. Audited.") { erasePatient };
        erase.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            await using var db = await env.OpenDatabaseAsync(token);
            var patient = await new PatientRecords(db).FindOneAsync(parse.GetValue(erasePatient)!, token);
            var erased = await PhiKeyMaintenance.EraseAsync(db, patient, env.ActorId, "Operator", env.Time, token);
            await env.Out.WriteLineAsync(erased
                ? $"Patient {patient.Pseudonym}: data key destroyed; identifying data can no longer be read. Claims keep their pseudonymous rows."
                : $"Patient {patient.Pseudonym} was already erased.");
            return ExitCodes.Ok;
        }, ct));

        gdpr.Subcommands.Add(export);
        gdpr.Subcommands.Add(erase);
        return gdpr;
    }
}
