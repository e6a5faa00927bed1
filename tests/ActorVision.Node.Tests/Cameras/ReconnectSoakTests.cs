using ActorVision.Node.Tests.Support;
using ActorVision.Tests;
using Xunit.Abstractions;
using ActorVision.Domain.Cameras;

namespace ActorVision.Node.Tests.Cameras;

/// <summary>
/// Fifty source failures must not leak threads, descriptors or memory (FFmpeg contexts, pinned frames, stages).
/// It measures the whole test process, so it runs alone: nodes of tests running beside it would move the counts.
/// </summary>
[Collection(nameof(ReconnectSoakTests))]
public sealed class ReconnectSoakTests(ITestOutputHelper output)
{
    private const int Cycles = 50;

    [Fact]
    public async Task Fifty_server_kills_leave_threads_descriptors_and_memory_flat()
    {
        using var server = RtspTestServer.Start(("crossing", TestAssets.ScriptedCrossing));
        await using var node = await TestNode.StartAsync();
        var cameras = new Support.Cameras(await node.CameraRegionAsync());
        await cameras.RegisterAsync(CameraScenes.Crossing("soak", server.Url("crossing")));
        await cameras.WaitForStateAsync("soak", CameraRunState.Running, TimeSpan.FromSeconds(20));

        async Task Cycle()
        {
            server.Kill();
            await cameras.WaitForStateAsync("soak", CameraRunState.Reconnecting, TimeSpan.FromSeconds(15));
            server.Restart();
            await cameras.WaitForStateAsync("soak", CameraRunState.Running, TimeSpan.FromSeconds(15));
        }

        // Warm-up: pools, JIT, thread pool growth and FFmpeg's own one-time allocations settle first.
        for (var i = 0; i < 5; i++) await Cycle();
        var before = ProcessResources.Measure();
        var started = DateTime.UtcNow;
        for (var i = 0; i < Cycles / 2; i++) await Cycle();
        var middle = ProcessResources.Measure();
        for (var i = Cycles / 2; i < Cycles; i++) await Cycle();
        var after = ProcessResources.Measure();
        output.WriteLine($"before: {before}");
        output.WriteLine($"after {Cycles / 2} cycles: {middle}");
        output.WriteLine($"after {Cycles} cycles ({(DateTime.UtcNow - started).TotalSeconds:0} s): {after}");

        // Bounds: a leak of one thread, one descriptor or one decoder context (~1-2 MiB) per cycle exceeds them;
        // the slack covers the thread pool and glibc arenas breathing.
        Assert.True(after.Threads <= before.Threads + 8, $"threads grew: {before} -> {after}");
        Assert.True(after.FileDescriptors <= before.FileDescriptors + 10, $"descriptors grew: {before} -> {after}");
        // Resident memory: glibc's malloc arenas and the GC's regions grow the whole process's footprint for a while as
        // threads come and go, which a leak does not distinguish from; a leak keeps growing, so the second half counts.
        Assert.True(after.ResidentBytes <= middle.ResidentBytes + 24L * 1024 * 1024, $"resident memory grew in the second half: {middle} -> {after}");
        Assert.True(after.ManagedBytes <= before.ManagedBytes + 16L * 1024 * 1024, $"managed memory grew: {before} -> {after}");
        var status = (await cameras.GetAsync("soak")).Status;
        Assert.True(status.Statistics.Reconnects >= Cycles + 5, $"every cycle was a reconnect: {status.Statistics.Reconnects}");
    }
}

[CollectionDefinition(nameof(ReconnectSoakTests), DisableParallelization = true)]
public sealed class ReconnectSoakCollection;
