using System.Diagnostics.Metrics;

namespace ActorVision.Common.Telemetry;

/// <summary>
/// The one meter every ActorVision instrument is on. A node creates it through its own <see cref="IMeterFactory"/>
/// (each part asks for it by this name and gets the same meter), and exports only the meters of its own factory:
/// two nodes in one process (tests) keep their readings apart. Without a factory (a TestKit, a benchmark) the meter
/// is a plain one, which a listener subscribing to the name sees.
/// </summary>
public static class ActorVisionMeter
{
    public const string Name = "ActorVision";

    public static Meter Create(IMeterFactory? factory) =>
        factory?.Create(new MeterOptions(Name) { Version = Version }) ?? new Meter(Name, Version);

    private static string? Version { get; } = typeof(ActorVisionMeter).Assembly.GetName().Version?.ToString(3);
}
