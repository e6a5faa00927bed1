using System.Globalization;
using System.Text;

namespace ActorVision.Domain.Capacity;

/// <summary>An ingest node a new camera could run on, with its latest capacity report (null: none recent enough to judge).</summary>
public sealed record IngestNode(string Node, NodeCapacity? Capacity);

/// <summary>Whether a camera may start, and in words why (with the numbers when it may not).</summary>
/// <param name="CameraCores">The camera's declared cost.</param>
/// <param name="MostHeadroomCores">The most room any node had for it (0 when none was judged).</param>
public sealed record AdmissionDecision(bool Admitted, string Reason, double CameraCores = 0, double MostHeadroomCores = 0);

/// <summary>
/// Whether the cluster has room for one more camera: some ingest node, not over capacity, whose headroom covers the
/// camera's declared cost as that node scales it. A camera is never refused on a guess: with no ingest node up, or a
/// node that has not reported yet, it is admitted.
/// </summary>
public static class Admission
{
    public static AdmissionDecision Decide(string cameraId, CameraCost cost, IReadOnlyList<IngestNode> nodes)
    {
        if (nodes.Count == 0) return new AdmissionDecision(true, "no ingest node is up to judge by");
        if (nodes.FirstOrDefault(n => n.Capacity is null) is { } unknown)
            return new AdmissionDecision(true, $"{unknown.Node} has not reported its capacity yet");
        var best = nodes
            .Select(n => (n.Node, Capacity: n.Capacity!, Needs: n.Capacity!.Scaled(cost.Cores)))
            .OrderByDescending(n => n.Capacity.AvailableCores - n.Needs)
            .ThenBy(n => n.Node, StringComparer.Ordinal)
            .First();
        if (best.Capacity.AvailableCores >= best.Needs)
            return new AdmissionDecision(true, Text($"{best.Node} has {best.Capacity.AvailableCores:0.00} cores of headroom"), cost.Cores, best.Capacity.AvailableCores);

        var text = new StringBuilder(Text(
            $"no ingest node has room for camera '{cameraId}': it needs about {cost.Cores:0.00} cores ({cost.Description})"));
        foreach (var (node, capacity, needs) in nodes.Select(n => (n.Node, n.Capacity!, n.Capacity!.Scaled(cost.Cores))).OrderBy(n => n.Node, StringComparer.Ordinal))
        {
            text.Append("; ").Append(node).Append(": ");
            text.Append(capacity.OverCapacity
                ? "over capacity (" + capacity.Why + ")"
                : Text($"{capacity.AvailableCores:0.00} cores free of {capacity.CapacityCores:0.00}, needs {needs:0.00} here"));
        }
        text.Append(". Add a node, lower the camera's analysis fps or size, or force it");
        return new AdmissionDecision(false, text.ToString(), cost.Cores, nodes.Max(n => n.Capacity!.AvailableCores));
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
