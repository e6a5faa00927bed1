using ActorVision.Inference.Detectors;
using ActorVision.Tests;
using Xunit.Abstractions;

namespace ActorVision.Inference.Tests;

public sealed class AllocationTests(ITestOutputHelper output)
{
    [Fact]
    public void Steady_state_detection_allocates_only_what_it_returns()
    {
        using var photo = TestImages.Decode(TestAssets.Astronaut);
        using var detector = new BlazeFaceDetector(Specs.FrontDynamic);
        var frames = Enumerable.Repeat(photo, 8).ToArray();
        var batch = new DetectionBatch();
        for (var i = 0; i < 5; i++) detector.Detect(frames, batch);

        const int calls = 20;
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < calls; i++) detector.Detect(frames, batch);
        var perCall = (GC.GetAllocatedBytesForCurrentThread() - before) / calls;

        output.WriteLine($"{perCall} bytes per Detect of 8 frames");
        Assert.Equal(8, batch.Count);
        Assert.True(perCall < 1024, $"{perCall} bytes allocated per batch in steady state");
    }
}
