using System.Data.Common;
using Claims.Operations.Kpis;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Claims.IntegrationTests.Operations;

/// <summary>
/// Every KPI equals the same figure computed independently by SQL on the seeded database with the stated formula,
/// for all clinics and for one, in a past month and in the running one; drill-downs list exactly the claims counted.
/// The SQL reads the stored encodings directly: instants are EF's DateTimeOffset binary form ((UTC ticks / 1000) &lt;&lt; 11
/// for UTC), so a day number is (value &gt;&gt; 11) / 864,000,000; a DateOnly is 'yyyy-MM-dd' text, its day number
/// julianday(text) − 1721425.5.
/// </summary>
public sealed class KpiSqlTests(OperationsDemoFixture fx) : IClassFixture<OperationsDemoFixture>
{
    public static TheoryData<string, bool> Cases => new() { { "2026-09", false }, { "2026-09", true }, { "2026-11", false }, { "2026-11", true }, { "2026-10", true } };

    private static readonly DateTimeOffsetToBinaryConverter Instant = new();

    [Fact]
    public void The_demo_activity_went_through_submission_and_posting()
    {
        Assert.True(fx.Activity.Claims > 100, $"claims {fx.Activity.Claims}");
        Assert.True(fx.Activity.Batches >= 7, $"batches {fx.Activity.Batches}");
        Assert.True(fx.Activity.Remittances > 10, $"835s {fx.Activity.Remittances}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Every_KPI_equals_its_SQL_formula(string monthText, bool oneClinic)
    {
        var month = ReportMonth.Parse(monthText);
        var clinic = oneClinic ? fx.ClinicId : (Guid?)null;
        KpiReport report;
        await using (var db = fx.Open()) report = await new OperationsKpis(db, fx.Home.Time).ForMonthAsync(clinic, month, OperationsDemoFixture.Admin);
        var asOf = month.AsOf(fx.Home.Time.GetUtcNow());
        await using var sql = new SqliteConnection(fx.Home.Settings.ConnectionString);
        await sql.OpenAsync();
        var p = new Params(Encode(month.Start), Encode(asOf), clinic?.ToString().ToUpperInvariant());
        var asOfDay = DateOnly.FromDateTime(asOf.UtcDateTime.AddTicks(-1)).DayNumber;
        var days = asOfDay - month.FirstDay.DayNumber + 1;

        // Clean claim rate.
        var submitted = await IdsAsync(sql, p, $"{Base} SELECT s.ClaimId FROM sub s WHERE s.At >= @start");
        var clean = await IdsAsync(sql, p, $"{Base} SELECT s.ClaimId FROM sub s WHERE s.At >= @start AND NOT EXISTS (SELECT 1 FROM ev f WHERE f.ClaimId = s.ClaimId AND f.\"Trigger\" = 'VerificationFailed' AND f.At < s.At)");
        AssertRate(report[KpiKeys.CleanClaimRate], clean.Count, submitted.Count, clean, submitted);

        // First-pass acceptance.
        const string FirstAnswer = "(SELECT a.\"Trigger\" FROM ev a WHERE a.ClaimId = s.ClaimId AND a.\"Trigger\" IN ('Accept','Reject','Pay','PayPartially','Deny') AND a.At >= s.At ORDER BY a.At LIMIT 1)";
        var answered = await IdsAsync(sql, p, $"{Base} SELECT s.ClaimId FROM sub s WHERE s.At >= @start AND {FirstAnswer} IS NOT NULL");
        var firstPass = await IdsAsync(sql, p, $"{Base} SELECT s.ClaimId FROM sub s WHERE s.At >= @start AND {FirstAnswer} <> 'Reject'");
        AssertRate(report[KpiKeys.FirstPassAcceptance], firstPass.Count, answered.Count, firstPass, answered);

        // Initial denial rate, by count and dollars.
        const string Adjudicated = ", adj AS (SELECT e.ClaimId, e.\"Trigger\" AS T, e.At FROM ev e WHERE e.\"Trigger\" IN ('Pay','PayPartially','Deny') AND e.At = (SELECT MIN(x.At) FROM ev x WHERE x.ClaimId = e.ClaimId AND x.\"Trigger\" IN ('Pay','PayPartially','Deny')))";
        var adjudicated = await IdsAsync(sql, p, $"{Base}{Adjudicated} SELECT ClaimId FROM adj WHERE At >= @start");
        var denied = await IdsAsync(sql, p, $"{Base}{Adjudicated} SELECT ClaimId FROM adj WHERE At >= @start AND T = 'Deny'");
        AssertRate(report[KpiKeys.DenialRate], denied.Count, adjudicated.Count, denied, adjudicated);
        var deniedCents = await LongAsync(sql, p, $"{Base}{Adjudicated} SELECT COALESCE(SUM(c.TotalCharge), 0) FROM adj JOIN c ON c.Id = adj.ClaimId WHERE adj.At >= @start AND adj.T = 'Deny'");
        var adjudicatedCents = await LongAsync(sql, p, $"{Base}{Adjudicated} SELECT COALESCE(SUM(c.TotalCharge), 0) FROM adj JOIN c ON c.Id = adj.ClaimId WHERE adj.At >= @start");
        AssertRate(report[KpiKeys.DenialRateDollars], deniedCents / 100m, adjudicatedCents / 100m, denied, adjudicated);

        // Days in AR and AR over 90 days.
        var open = await OpenAsync(sql, p);
        var arCents = open.Sum(o => o.Cents);
        var chargesCents = await LongAsync(sql, p, $"{Base} SELECT COALESCE(SUM(c.TotalCharge), 0) FROM sub s JOIN c ON c.Id = s.ClaimId WHERE s.At >= @start");
        var daysInAr = report[KpiKeys.DaysInAr];
        Assert.Equal(arCents / 100m, daysInAr.Numerator);
        Assert.Equal(chargesCents == 0 ? null : Math.Round(arCents / 100m * days / (chargesCents / 100m), 2, MidpointRounding.AwayFromZero), daysInAr.Value);
        Assert.Equal(open.Select(o => o.Id).Order(), daysInAr.NumeratorClaims.Select(Upper).Order());
        var over90 = open.Where(o => asOfDay - o.ServiceDay > 90).ToList();
        AssertRate(report[KpiKeys.ArOver90], over90.Sum(o => o.Cents) / 100m, arCents / 100m, [.. over90.Select(o => o.Id)], [.. open.Select(o => o.Id)]);

        // AR aging by payer and bucket.
        foreach (var row in report.Aging)
        {
            for (var b = 0; b < ArAgingRow.Buckets.Count; b++)
            {
                var cell = open.Where(o => o.PayerId == row.PayerId?.ToString().ToUpperInvariant() && ArAgingRow.BucketOf(asOfDay - o.ServiceDay) == b).ToList();
                Assert.Equal(cell.Sum(o => o.Cents), row.BucketCents[b]);
                Assert.Equal(cell.Select(o => o.Id).Order(), row.BucketClaims[b].Select(Upper).Order());
            }
        }
        Assert.Equal(arCents, report.Aging.Sum(r => r.TotalCents));

        // Net collection rate.
        const string Ledger = ", led AS (SELECT l.* FROM ledger_entries l JOIN c ON c.Id = l.ClaimId WHERE l.PostedAt >= @start AND l.PostedAt < @asOf)";
        var paid = await LongAsync(sql, p, $"{Base}{Ledger} SELECT COALESCE(SUM(AmountCents), 0) FROM led WHERE Kind IN ('Payment', 'PatientPayment')");
        var charged = await LongAsync(sql, p, $"{Base}{Ledger} SELECT COALESCE(SUM(CASE Kind WHEN 'Charge' THEN AmountCents ELSE -AmountCents END), 0) FROM led WHERE Kind IN ('Charge', 'Contractual')");
        var paidClaims = await IdsAsync(sql, p, $"{Base}{Ledger} SELECT DISTINCT ClaimId FROM led WHERE Kind IN ('Payment', 'PatientPayment')");
        var chargedClaims = await IdsAsync(sql, p, $"{Base}{Ledger} SELECT DISTINCT ClaimId FROM led WHERE Kind IN ('Charge', 'Contractual')");
        AssertRate(report[KpiKeys.NetCollectionRate], paid / 100m, charged / 100m, paidClaims, chargedClaims);

        // Charge lag and claim lag.
        const string Day = "((({0}) >> 11) / 864000000)";
        const string ServiceDay = "CAST(julianday(c.ServiceFrom) - 1721425.5 AS INTEGER)";
        var chargeLag = await LongAsync(sql, p, $"{Base} SELECT COALESCE(SUM({string.Format(System.Globalization.CultureInfo.InvariantCulture, Day, "c.CreatedAt")} - {ServiceDay}), 0) FROM c WHERE c.CreatedAt >= @start AND c.CreatedAt < @asOf");
        var received = await IdsAsync(sql, p, $"{Base} SELECT c.Id FROM c WHERE c.CreatedAt >= @start AND c.CreatedAt < @asOf");
        AssertAverage(report[KpiKeys.ChargeLag], chargeLag, received);
        var claimLag = await LongAsync(sql, p, $"{Base} SELECT COALESCE(SUM({string.Format(System.Globalization.CultureInfo.InvariantCulture, Day, "s.At")} - {ServiceDay}), 0) FROM sub s JOIN c ON c.Id = s.ClaimId WHERE s.At >= @start");
        AssertAverage(report[KpiKeys.ClaimLag], claimLag, submitted);

        // No QA results on this branch: said so, not zero.
        var accuracy = report[KpiKeys.CodingAccuracy];
        Assert.Null(accuracy.Value);
        Assert.Equal("no QA data", accuracy.Note);
    }

    [Fact]
    public async Task The_past_month_has_figures_on_every_side_so_the_comparisons_above_mean_something()
    {
        await using var db = fx.Open();
        var report = await new OperationsKpis(db, fx.Home.Time).ForMonthAsync(null, ReportMonth.Parse("2026-10"), OperationsDemoFixture.Admin);
        foreach (var key in KpiKeys.All.Where(k => k != KpiKeys.CodingAccuracy))
        {
            Assert.True(report[key].Denominator > 0, key);
            Assert.NotNull(report[key].Value);
        }
        Assert.True(report[KpiKeys.CleanClaimRate].Value < 100m);
        Assert.True(report[KpiKeys.DenialRate].Numerator > 0);
        Assert.True(report[KpiKeys.FirstPassAcceptance].Value < 100m);
        Assert.True(report.Aging.Count >= 3);
    }

    [Theory]
    [InlineData(KpiKeys.CleanClaimRate)]
    [InlineData(KpiKeys.DenialRate)]
    [InlineData(KpiKeys.DaysInAr)]
    [InlineData(KpiKeys.NetCollectionRate)]
    [InlineData(KpiKeys.ClaimLag)]
    public async Task A_drill_down_lists_exactly_the_claims_counted(string key)
    {
        var month = ReportMonth.Parse("2026-10");
        await using var db = fx.Open();
        var kpis = new OperationsKpis(db, fx.Home.Time);
        var report = await kpis.ForMonthAsync(fx.ClinicId, month, OperationsDemoFixture.Admin);
        foreach (var side in Enum.GetValues<KpiSide>())
        {
            var drill = await kpis.DrillDownAsync(fx.ClinicId, month, key, side, null, null, OperationsDemoFixture.Admin);
            var expected = side == KpiSide.Numerator ? report[key].NumeratorClaims : report[key].DenominatorClaims;
            Assert.Equal(expected.Order(), drill.Claims.Select(c => c.Id).Order());
            if (side == KpiSide.Denominator) Assert.NotEmpty(drill.Claims);
        }
        var counted = report[KpiKeys.CleanClaimRate];
        Assert.Equal(counted.Denominator, counted.DenominatorClaims.Count);
    }

    [Fact]
    public async Task An_aging_cell_drills_down_to_its_claims_and_a_coder_sees_no_figures()
    {
        var month = ReportMonth.Parse("2026-10");
        await using var db = fx.Open();
        var kpis = new OperationsKpis(db, fx.Home.Time);
        var report = await kpis.ForMonthAsync(null, month, OperationsDemoFixture.Admin);
        var row = report.Aging.First(r => r.PayerId is not null && r.BucketClaims[0].Count > 0);
        var drill = await kpis.DrillDownAsync(null, month, OperationsKpis.AgingKey, KpiSide.Numerator, row.PayerId.ToString(), 0, OperationsDemoFixture.Admin);
        Assert.Equal(row.BucketClaims[0].Order(), drill.Claims.Select(c => c.Id).Order());

        var coder = Claims.Domain.Caller.FromCli(new Claims.Domain.Actor("c", Claims.Domain.ClaimRole.Coder));
        await Assert.ThrowsAsync<Claims.DomainValidationException>(() => kpis.ForMonthAsync(null, month, coder));
        var clinic = Claims.Domain.Caller.FromCli(new Claims.Domain.Actor("k", Claims.Domain.ClaimRole.Clinic));
        await Assert.ThrowsAsync<Claims.DomainValidationException>(() => kpis.ForMonthAsync(null, month, clinic));
    }

    private sealed record Params(long Start, long AsOf, string? Clinic);

    private sealed record Open(string Id, string? PayerId, int ServiceDay, long Cents);

    /// <summary>The scope's claims, their events before the as-of instant, and each claim's first submission.</summary>
    private const string Base = """
        WITH c AS (SELECT * FROM claims WHERE @clinic IS NULL OR ClinicId = @clinic),
        ev AS (SELECT e.* FROM claim_events e JOIN c ON c.Id = e.ClaimId WHERE e.At < @asOf),
        sub AS (SELECT ClaimId, MIN(At) AS At FROM ev WHERE "Trigger" = 'Submit' GROUP BY ClaimId)
        """;

    private static long Encode(DateTimeOffset at) => (long)Instant.ConvertToProvider(at)!;

    private static async Task<List<Open>> OpenAsync(SqliteConnection sql, Params p)
    {
        const string Query = $"""
            {Base}
            SELECT c.Id, c.PayerId, CAST(julianday(c.ServiceFrom) - 1721425.5 AS INTEGER),
              (CASE WHEN EXISTS (SELECT 1 FROM ledger_entries l WHERE l.ClaimId = c.Id AND l.PostedAt < @asOf AND l.Kind = 'Charge')
                    THEN (SELECT SUM(l.AmountCents) FROM ledger_entries l WHERE l.ClaimId = c.Id AND l.PostedAt < @asOf AND l.Kind = 'Charge')
                    WHEN EXISTS (SELECT 1 FROM ev a WHERE a.ClaimId = c.Id AND a."Trigger" IN ('Pay','PayPartially','Deny')) THEN 0
                    ELSE c.TotalCharge END)
              - COALESCE((SELECT SUM(l.AmountCents) FROM ledger_entries l WHERE l.ClaimId = c.Id AND l.PostedAt < @asOf AND l.Kind IN ('Payment','Contractual','WriteOff','PatientPayment')), 0) AS Open
            FROM c
            WHERE c.Id IN (SELECT ClaimId FROM sub) AND c.Id NOT IN (SELECT ClaimId FROM ev WHERE "Trigger" = 'Void')
            """;
        var list = new List<Open>();
        await using var command = Command(sql, p, Query);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var cents = reader.GetInt64(3);
            if (cents != 0) list.Add(new Open(reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.GetInt32(2), cents));
        }
        return list;
    }

    private static SqliteCommand Command(SqliteConnection sql, Params p, string text)
    {
        var command = sql.CreateCommand();
        command.CommandText = text;
        command.Parameters.AddWithValue("@start", p.Start);
        command.Parameters.AddWithValue("@asOf", p.AsOf);
        command.Parameters.AddWithValue("@clinic", (object?)p.Clinic ?? DBNull.Value);
        return command;
    }

    private static async Task<List<string>> IdsAsync(SqliteConnection sql, Params p, string text)
    {
        await using var command = Command(sql, p, text);
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        var ids = new List<string>();
        while (await reader.ReadAsync()) ids.Add(reader.GetString(0));
        return ids;
    }

    private static async Task<long> LongAsync(SqliteConnection sql, Params p, string text)
    {
        await using var command = Command(sql, p, text);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void AssertRate(KpiValue kpi, decimal numerator, decimal denominator, List<string> numeratorIds, List<string> denominatorIds)
    {
        Assert.Equal(numerator, kpi.Numerator);
        Assert.Equal(denominator, kpi.Denominator);
        Assert.Equal(denominator == 0 ? null : Math.Round(numerator * 100m / denominator, 2, MidpointRounding.AwayFromZero), kpi.Value);
        Assert.Equal(numeratorIds.Order(), kpi.NumeratorClaims.Select(Upper).Order());
        Assert.Equal(denominatorIds.Order(), kpi.DenominatorClaims.Select(Upper).Order());
    }

    private static void AssertAverage(KpiValue kpi, long sumDays, List<string> ids)
    {
        Assert.Equal(sumDays, kpi.Numerator);
        Assert.Equal(ids.Count, kpi.Denominator);
        Assert.Equal(ids.Count == 0 ? null : Math.Round((decimal)sumDays / ids.Count, 2, MidpointRounding.AwayFromZero), kpi.Value);
        Assert.Equal(ids.Order(), kpi.DenominatorClaims.Select(Upper).Order());
    }

    private static string Upper(Guid id) => id.ToString().ToUpperInvariant();
}
