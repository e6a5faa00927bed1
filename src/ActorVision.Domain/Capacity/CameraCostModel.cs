using System.Globalization;
using ActorVision.Core.Cameras;

namespace ActorVision.Domain.Capacity;

/// <summary>
/// What a camera is declared to cost before anything is measured: analysed fps x the cost of each of its models on
/// one frame (a part per frame, for a model whose input has a fixed size, and a part per analysed megapixel), plus a
/// fixed share per camera (demux, decode of the source, the graph). In CPU cores, so a node's capacity and a camera's
/// cost compare directly; each node's measured CPU then scales these estimates
/// (<see cref="NodeCapacity.CoresPerDeclared"/>), the declared costs only weigh cameras against each other.
/// </summary>
/// <param name="Models">What each model costs on one frame, by model name.</param>
/// <param name="DefaultModel">For a model not listed in <paramref name="Models"/>.</param>
/// <param name="CameraBaseCores">Cores every running camera costs whatever it analyses.</param>
/// <param name="DefaultWidth">Analysis width assumed for a spec that keeps the source size (unknown until it opens).</param>
public sealed record CameraCostModel(
    IReadOnlyDictionary<string, ModelCost> Models,
    ModelCost DefaultModel,
    double CameraBaseCores,
    int DefaultWidth)
{
    /// <summary>Sources whose size is not known are assumed 16:9.</summary>
    private const double AssumedAspect = 16.0 / 9.0;

    public static CameraCostModel Default { get; } = new(new Dictionary<string, ModelCost>(StringComparer.Ordinal), new ModelCost(5, 10), 0.008, 640);

    /// <summary>The camera's cost when it analyses at its spec's rate.</summary>
    public CameraCost Declared(CameraSpec spec) => new(CoresAt(spec, spec.AnalysisFps), Describe(spec));

    /// <summary>The camera's cost at <paramref name="analysedFps"/> frames analysed per second (0: only its base share).</summary>
    public double CoresAt(CameraSpec spec, double analysedFps)
    {
        var (width, height) = AnalysisSize(spec);
        var megapixels = width * (double)height / 1_000_000;
        var frameMs = spec.Models.Count == 0 ? DefaultModel.On(megapixels) : spec.Models.Sum(m => CostOf(m).On(megapixels));
        return CameraBaseCores + Math.Max(0, analysedFps) * frameMs / 1000;
    }

    public ModelCost CostOf(string model) => Models.TryGetValue(model, out var cost) ? cost : DefaultModel;

    /// <summary>Width and height analysed: the spec's, or the default width (16:9) where it keeps the source size.</summary>
    public (int Width, int Height) AnalysisSize(CameraSpec spec) => (spec.AnalysisWidth, spec.AnalysisHeight) switch
    {
        ( > 0, > 0) => (spec.AnalysisWidth, spec.AnalysisHeight),
        ( > 0, _) => (spec.AnalysisWidth, (int)Math.Round(spec.AnalysisWidth / AssumedAspect)),
        (_, > 0) => ((int)Math.Round(spec.AnalysisHeight * AssumedAspect), spec.AnalysisHeight),
        _ => (DefaultWidth, (int)Math.Round(DefaultWidth / AssumedAspect)),
    };

    /// <summary>"1920x1080 at 5 fps with motion", for messages that explain a cost.</summary>
    public string Describe(CameraSpec spec)
    {
        var (width, height) = AnalysisSize(spec);
        var models = spec.Models.Count == 0 ? "no model" : string.Join(" + ", spec.Models);
        return string.Create(CultureInfo.InvariantCulture, $"{width}x{height} at {spec.AnalysisFps:0.##} fps with {models}");
    }
}

/// <summary>
/// CPU milliseconds a model takes on one analysed frame: <paramref name="FrameMs"/> whatever its size (a model with a
/// fixed input), plus <paramref name="MegapixelMs"/> per megapixel analysed (scaling to the input, pixel work).
/// </summary>
public sealed record ModelCost(double FrameMs, double MegapixelMs)
{
    public double On(double megapixels) => FrameMs + MegapixelMs * megapixels;
}

/// <summary>A camera's estimated cost in CPU cores, and what it was estimated from.</summary>
public sealed record CameraCost(double Cores, string Description);
