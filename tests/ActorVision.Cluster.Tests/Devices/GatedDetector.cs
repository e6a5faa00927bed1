using ActorVision.Core.Imaging;
using ActorVision.Inference.Detectors;
using Akka.Actor;

namespace ActorVision.Cluster.Tests.Devices;

/// <summary>
/// A real detector whose runs wait for the test's go-ahead, so a test can hold a worker busy and fill the queue
/// without timing. It tells <paramref name="probe"/> "entered" when a run starts. Not a stand-in: the model still runs.
/// </summary>
internal sealed class GatedDetector(IObjectDetector inner, IActorRef probe, SemaphoreSlim proceed) : IObjectDetector
{
    public const string Entered = "entered";

    public string ModelName => inner.ModelName;
    public int MaxBatch => inner.MaxBatch;
    public IReadOnlyList<string> ClassNames => inner.ClassNames;

    public void Detect(ReadOnlySpan<VideoFrame> frames, DetectionBatch results)
    {
        probe.Tell(Entered);
        if (!proceed.Wait(TimeSpan.FromSeconds(30))) throw new TimeoutException("the test never let the gated run proceed");
        inner.Detect(frames, results);
    }

    public void Dispose() => inner.Dispose();
}
