using ActorVision.Core.Imaging;

namespace ActorVision.Inference.Detectors;

/// <summary>
/// Finds objects in frames. Boxes and keypoints come back in each source frame's pixel coordinates.
/// Implementations are NOT thread-safe: they reuse their input tensors, output buffers and scratch lists, so
/// one thread uses an instance at a time (the device router gives each worker its own detector and session).
/// </summary>
public interface IObjectDetector : IDisposable
{
    string ModelName { get; }

    /// <summary>Most frames one model run takes; 1 for models exported with a fixed batch of one.</summary>
    int MaxBatch { get; }

    IReadOnlyList<string> ClassNames { get; }

    /// <summary>
    /// Detects objects in every frame: afterwards <c>results.For(i)</c> holds frame i's detections. Batches longer
    /// than <see cref="MaxBatch"/> are run in several passes. The frames are only read during the call.
    /// </summary>
    /// <exception cref="ModelOutputException">The model produced NaN or tensors of an unexpected shape.</exception>
    void Detect(ReadOnlySpan<VideoFrame> frames, DetectionBatch results);
}
