using Claims.Cli.Commands;

namespace Claims.IntegrationTests.Cli;

public sealed class PipelineTests
{
    [Fact]
    public async Task Items_are_stored_in_order_while_the_preparer_runs_ahead_by_a_bounded_number()
    {
        var items = Enumerable.Range(0, 40).ToList();
        var prepared = 0;
        var stored = new List<int>();
        var mostAhead = 0;
        await Pipeline.RunAsync(items, async (item, _) =>
        {
            await Task.Yield();
            Interlocked.Increment(ref prepared);
            return item * 10;
        }, async (item, value) =>
        {
            // A slow store: the preparer gets ahead, but only so far.
            await Task.Delay(2);
            mostAhead = Math.Max(mostAhead, Volatile.Read(ref prepared) - stored.Count);
            Assert.Equal(item * 10, value);
            stored.Add(item);
        }, default);

        Assert.Equal(items, stored);
        Assert.InRange(mostAhead, 2, Pipeline.Ahead + 2);
    }

    [Fact]
    public async Task A_failing_store_stops_the_preparer_and_a_failing_preparer_surfaces_its_own_exception()
    {
        var prepared = 0;
        var items = Enumerable.Range(0, 100).ToList();
        await Assert.ThrowsAsync<InvalidOperationException>(() => Pipeline.RunAsync(items, (item, _) =>
        {
            Interlocked.Increment(ref prepared);
            return Task.FromResult(item);
        }, (item, _) => item == 3 ? throw new InvalidOperationException("store failed") : Task.CompletedTask, default));
        Assert.InRange(Volatile.Read(ref prepared), 4, 4 + Pipeline.Ahead + 1);

        var stored = new List<int>();
        var failure = await Assert.ThrowsAsync<FormatException>(() => Pipeline.RunAsync(items, (item, _) =>
            item == 5 ? throw new FormatException("prepare failed") : Task.FromResult(item), (item, _) =>
        {
            stored.Add(item);
            return Task.CompletedTask;
        }, default));
        Assert.Equal("prepare failed", failure.Message);
        Assert.Equal([0, 1, 2, 3, 4], stored);
    }
}
