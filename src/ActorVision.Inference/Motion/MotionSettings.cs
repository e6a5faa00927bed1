namespace ActorVision.Inference.Motion;

/// <summary>Tuning of the model-free <see cref="MotionDetector"/>; the defaults suit a fixed surveillance camera.</summary>
public sealed record MotionSettings
{
    /// <summary>Width of the gray copy the detector works on (height follows the aspect ratio). Smaller is faster and less noisy.</summary>
    public int ProcessingWidth { get; init; } = 160;
    /// <summary>Gray-level difference from the background that counts as change (0..255).</summary>
    public int Threshold { get; init; } = 25;
    /// <summary>Weight of the newest frame in the running-average background (0..1): higher forgets stopped objects sooner.</summary>
    public float LearningRate { get; init; } = 0.05f;
    /// <summary>Extra dilations after the noise-removing opening, to merge the fragments of one moving object.</summary>
    public int DilateIterations { get; init; } = 2;
    /// <summary>Smallest blob reported, as a fraction of the frame area.</summary>
    public float MinAreaFraction { get; init; } = 0.0005f;
    public int MaxDetections { get; init; } = 50;
    /// <summary>Frames used to build the background before anything is reported.</summary>
    public int WarmUpFrames { get; init; } = 1;

    public void Validate()
    {
        if (ProcessingWidth < 16) throw new ArgumentException("motion processing-width must be at least 16");
        if (Threshold is < 1 or > 254) throw new ArgumentException("motion threshold must be in 1..254");
        if (LearningRate is <= 0f or > 1f) throw new ArgumentException("motion learning-rate must be in (0, 1]");
        if (DilateIterations < 0) throw new ArgumentException("motion dilate-iterations must not be negative");
        if (MinAreaFraction is < 0f or >= 1f) throw new ArgumentException("motion min-area must be in [0, 1)");
        if (MaxDetections <= 0) throw new ArgumentException("motion max-detections must be positive");
        if (WarmUpFrames < 1) throw new ArgumentException("motion warm-up-frames must be at least 1");
    }
}
