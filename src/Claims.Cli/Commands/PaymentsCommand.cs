using System.CommandLine;
using System.Globalization;
using Claims.Domain;
using Claims.Privacy;
using Claims.Statements;

namespace Claims.Cli.Commands;

/// <summary>
/// <c>claims payments record --claim ID|--patient ID --amount 12.34 --date YYYY-MM-DD --method cash|check|card
/// [--reference TEXT] [--json]</c>: a patient's payment, applied oldest claim first (<see cref="PatientPayments"/>, as the
/// Statements page). An overpayment is refused (exit 1) and nothing is recorded.
/// </summary>
internal static class PaymentsCommand
{
    public static Command Create(CliEnvironment env)
    {
        var command = new Command("payments", "Patient payments.");
        command.Subcommands.Add(Record(env));
        return command;
    }

    private static Command Record(CliEnvironment env)
    {
        var claim = new Option<string?>("--claim") { Description = "The claim paid (id or control number)." };
        var patient = new Option<string?>("--patient") { Description = "The patient who paid (id or pseudonym): applied to the oldest open claim first." };
        var amount = new Option<string>("--amount") { Description = "The amount paid, e.g. 12.34.", Required = true };
        var date = new Option<string>("--date") { Description = "The day it was paid (YYYY-MM-DD).", Required = true };
        var method = new Option<string>("--method") { Description = "cash, check or card.", Required = true };
        var reference = new Option<string?>("--reference") { Description = "Receipt, check or authorisation number (never a card number)." };
        var json = new Option<bool>("--json") { Description = "Machine output." };
        var command = new Command("record", "Record a patient's payment (oldest claim first; never more than the balance; a paid-off claim closes).") { claim, patient, amount, date, method, reference, json };
        command.SetAction((parse, ct) => env.RunAsync(async token =>
        {
            if ((parse.GetValue(claim) is null) == (parse.GetValue(patient) is null)) throw new UsageException("Give either --claim or --patient.");
            var cents = Cents(parse.GetValue(amount)!);
            var paidOn = CliArguments.ParseDate(parse.GetValue(date)!);
            var how = Enum.TryParse<PatientPaymentMethod>(parse.GetValue(method), ignoreCase: true, out var m) && Enum.IsDefined(m) && !int.TryParse(parse.GetValue(method), out _)
                ? m : throw new UsageException($"'{parse.GetValue(method)}' is not a payment method (cash, check or card).");
            await using var db = await env.OpenDatabaseAsync(token);
            var claimId = parse.GetValue(claim) is { } c ? await ClaimLookup.IdAsync(db, c, token) : (Guid?)null;
            var patientId = parse.GetValue(patient) is { } p ? (await new PatientRecords(db).FindOneAsync(p, token)).Id : (Guid?)null;
            var result = await new PatientPayments(db, env.Time).RecordAsync(new PatientPaymentRequest(cents, paidOn, how, parse.GetValue(reference), claimId, patientId), env.As(ClaimRole.Biller), token);
            if (parse.GetValue(json))
            {
                await Json.WriteAsync(env.Out, new
                {
                    patient = result.PatientId,
                    pseudonym = result.Pseudonym,
                    amount = result.AmountCents / 100m,
                    applied = result.Applied.Select(a => new { claim = a.ClaimId, controlNumber = a.ControlNumber, amount = a.AmountCents / 100m, patientBalanceAfter = a.PatientBalanceAfterCents / 100m, closed = a.Closed }),
                    patientBalanceAfter = result.PatientBalanceAfterCents / 100m,
                });
                return ExitCodes.Ok;
            }
            foreach (var a in result.Applied)
                await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{a.ControlNumber}: {a.AmountCents / 100m:0.00} applied, patient owes {a.PatientBalanceAfterCents / 100m:0.00}{(a.Closed ? "; paid off and closed" : "")}"));
            await env.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"Recorded {result.AmountCents / 100m:0.00} from {result.Pseudonym}; {result.PatientBalanceAfterCents / 100m:0.00} still owed."));
            return ExitCodes.Ok;
        }, ct));
        return command;
    }

    /// <summary>Dollars with at most two decimals, exactly: a third decimal is a usage error, never rounded.</summary>
    internal static long Cents(string text)
    {
        if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value * 100 != decimal.Truncate(value * 100) || value > 10_000_000m)
            throw new UsageException($"'{text}' is not an amount (e.g. 12.34, at most two decimals).");
        return (long)(value * 100);
    }
}
