using System.Text.Json;
using Claims.Cli;

namespace Claims.IntegrationTests.Submission;

/// <summary><c>claims submit</c>, <c>claims batches</c> and the clinic's billing address from the command line.</summary>
public sealed class SubmitCliTests : IDisposable
{
    private readonly TestHome _home = new();

    public void Dispose() => _home.Dispose();

    private async Task<(int Exit, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await CliApp.RunAsync(args, output, error, () => _home.Settings, _home.Time);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Submit_json_lists_the_batch_out_writes_the_decrypted_file_and_a_second_submit_finds_nothing()
    {
        Assert.Equal(0, (await RunAsync("seed", "--patients", "40")).Exit);
        var outDir = Path.Combine(_home.Home, "out");

        var (exit, output, error) = await RunAsync("submit", "--out", outDir, "--json");

        Assert.True(exit == 0, error);
        var batch = JsonDocument.Parse(output).RootElement.GetProperty("batches")[0];
        var file = batch.GetProperty("file").GetString()!;
        Assert.True(batch.GetProperty("claims").GetInt32() > 0);
        Assert.StartsWith("ISA*", await File.ReadAllTextAsync(Path.Combine(outDir, file)), StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_home.Home, "clearinghouse", "inbound", file)));

        var again = await RunAsync("submit", "--json");
        Assert.Equal(0, JsonDocument.Parse(again.Out).RootElement.GetProperty("batches").GetArrayLength());
        var list = await RunAsync("batches", "list", "--json");
        Assert.Single(JsonDocument.Parse(list.Out).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Clinics_add_takes_the_billing_address_and_refuses_a_PO_box_or_half_an_address()
    {
        var (exit, output, error) = await RunAsync("clinics", "add", "Oak Clinic", "--npi", "1234567893", "--tax-id", "123456789",
            "--address", "12 Oak St", "--city", "Springfield", "--state", "IL", "--zip", "62701-1234", "--json");
        Assert.True(exit == 0, error);
        Assert.Equal("12 Oak St, Springfield, IL 62701-1234", JsonDocument.Parse(output).RootElement.GetProperty("address").GetString());

        Assert.Equal(1, (await RunAsync("clinics", "add", "Box Clinic", "--address", "PO Box 9", "--city", "Springfield", "--state", "IL", "--zip", "627011234")).Exit);
        Assert.Equal(2, (await RunAsync("clinics", "add", "Half Clinic", "--address", "1 Elm St")).Exit);
    }
}
