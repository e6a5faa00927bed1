using ActorVision.Tests;
using Xunit.Abstractions;

namespace ActorVision.Media.Tests;

/// <summary>Memory behaviour: no leak across many opens, nothing allocated per frame in steady state.</summary>
[Collection(nameof(ResourceTests))]
public sealed class ResourceTests(ITestOutputHelper output)
{
    [Fact]
    public void Opening_and_closing_200_times_keeps_native_and_managed_memory_flat()
    {
        using var scratch = new ScratchDirectory();
        var missing = scratch.File("missing.mp4");
        void Cycle(int i)
        {
            using (var source = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource360p) { OutputWidth = 320, DecoderThreads = 2 }))
            {
                for (var f = 0; f < 3; f++) source.ReadFrame()!.Release();
            }
            // Failure paths must free what they allocated too.
            Assert.Throws<MediaException>(() => FrameSource.Open(new FrameSourceOptions(missing)));
        }

        for (var i = 0; i < 30; i++) Cycle(i); // warm-up: FFmpeg's and glibc's one-time allocations, JIT
        var (rss0, managed0) = Measure();
        for (var i = 0; i < 200; i++) Cycle(i);
        var (rss1, managed1) = Measure();

        output.WriteLine($"RSS {rss0 >> 10} KB -> {rss1 >> 10} KB ({(rss1 - rss0) >> 10:+#;-#;0} KB), managed {managed0 >> 10} KB -> {managed1 >> 10} KB");
        // One open allocates several MB (decoder threads' frame buffers, scaler tables): a leak of even a fraction of
        // that per open would add 100+ MB over 200 opens; 16 MB catches a leak of 80 KB per open while leaving room
        // for glibc keeping freed memory in per-thread arenas (measured: +1 to +5 MB, flat over 1200 opens).
        Assert.True(rss1 - rss0 < 16L << 20, $"native memory grew by {(rss1 - rss0) >> 20} MB over 200 opens ({rss0 >> 20} -> {rss1 >> 20} MB RSS)");
        Assert.True(managed1 - managed0 < 1L << 20, $"managed heap grew by {(managed1 - managed0) >> 10} KB over 200 opens");
    }

    [Fact]
    public void Steady_state_decoding_allocates_nothing_per_frame()
    {
        using var source = FrameSource.Open(new FrameSourceOptions(TestAssets.TestSource1080p) { OutputWidth = 640, DecoderThreads = 2 });
        for (var i = 0; i < 30; i++) source.ReadFrame()!.Release();
        var created = source.Pool.Created;

        var before = GC.GetAllocatedBytesForCurrentThread();
        var frames = 0;
        while (frames < 150 && source.ReadFrame() is { } frame)
        {
            frame.Release();
            frames++;
        }
        var perFrame = (double)(GC.GetAllocatedBytesForCurrentThread() - before) / frames;
        output.WriteLine($"{perFrame:0.###} bytes allocated per frame over {frames} frames");
        Assert.Equal(150, frames);
        Assert.Equal(created, source.Pool.Created);
        Assert.True(perFrame < 1, $"{perFrame:0.0} bytes allocated per frame");
    }

    private static (long Rss, long Managed) Measure()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var managed = GC.GetTotalMemory(forceFullCollection: true);
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        var kb = long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        return (kb * 1024, managed);
    }
}

/// <summary>Process-wide memory measurements run alone, after the parallel tests, so other tests' decoders do not move RSS.</summary>
[CollectionDefinition(nameof(ResourceTests), DisableParallelization = true)]
public sealed class ResourceTestsCollection;
