using Akka.Configuration;
using ActorVision.Core.Confinement;

namespace ActorVision.Cluster.Hosting;

/// <summary>What cameras and jobs may read (<c>actorvision.sources</c>): the media roots and the URL schemes.</summary>
public sealed record SourceSettings(SourcePolicy Policy)
{
    /// <param name="sources">The <c>actorvision.sources</c> section.</param>
    /// <param name="baseFolder">Relative media roots start here (the folder holding the configuration folder, as for models).</param>
    public static SourceSettings FromConfig(Config sources, string baseFolder)
    {
        var csv = sources.GetString("media-roots-csv", "");
        var roots = csv.Length > 0
            ? csv.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : sources.HasPath("media-roots") ? sources.GetStringList("media-roots").ToArray() : ["media"];
        var schemes = sources.HasPath("allowed-schemes") ? sources.GetStringList("allowed-schemes").ToArray() : SourcePolicy.DefaultSchemes;
        try
        {
            return new SourceSettings(new SourcePolicy(roots.Where(r => r.Trim().Length > 0).Select(r => Path.GetFullPath(r.Trim(), baseFolder)), schemes));
        }
        catch (ArgumentException ex)
        {
            throw new ConfigurationException("actorvision.sources.allowed-schemes: " + ex.Message.Split(" (Parameter")[0]);
        }
    }
}
