using ActorVision.Protocol.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ActorVision.Cli.Output;

/// <summary>Tables for cluster membership and shard statistics.</summary>
public static class ClusterView
{
    public static IRenderable Members(MembersReply reply, DateTimeOffset now)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Address", "Status", "Roles", "Up since", "Age", "Cameras", "CPU cores used / capacity", "Headroom", "Capacity", "");
        foreach (var column in new[] { 5, 6, 7 }) table.Columns[column].RightAligned();
        foreach (var member in reply.Members.OrderBy(m => m.Address, StringComparer.Ordinal))
        {
            var marks = string.Join(' ', new[] { member.IsLeader ? "leader" : null, member.IsSelf ? "(answered)" : null }.OfType<string>());
            var capacity = member.Capacity;
            table.AddRow(
                new Text(member.Address),
                StatusStyle.Member(member.Status, member.Reachable),
                new Text(Formats.List(member.Roles)),
                new Text(Formats.Time(member.UpSince)),
                new Text(Formats.Age(member.UpSince, now)),
                new Text(capacity is null ? "-" : Formats.Count(capacity.Cameras)),
                new Text(capacity is null ? "-" : $"{Formats.Cores(capacity.UsedCores)} / {Formats.Cores(capacity.CapacityCores)}"),
                new Text(capacity is null ? "-" : Formats.Cores(capacity.HeadroomCores)),
                Capacity(capacity),
                new Text(marks));
        }
        var up = reply.Members.Count(m => m.Status == "Up" && m.Reachable);
        var unreachable = reply.Members.Count(m => !m.Reachable);
        var over = reply.Members.Count(m => m.Capacity is { OverCapacity: true });
        table.Caption($"{Formats.Count(reply.Members.Count, "member")}, {up} up, {unreachable} unreachable, {over} over capacity; leader {Or(reply.Leader)}");
        return table;
    }

    /// <summary>"ok", or "over capacity" in red with why; "-" for a node that does not report (not ingest, or silent lately).</summary>
    private static IRenderable Capacity(NodeCapacity? capacity) => capacity switch
    {
        null => new Text("-"),
        { OverCapacity: true } => new Text("over capacity: " + string.Join("; ", capacity.Reasons), new Style(Color.Red)),
        _ => new Text($"ok, {Formats.Cores(capacity.CoresPerCamera)} cores per camera"),
    };

    public static IRenderable Action(string verb, ClusterActionReply reply)
    {
        var lines = new List<IRenderable>();
        if (reply.Affected.Count == 0)
            lines.Add(new Text($"{verb}: no member affected"));
        foreach (var address in reply.Affected)
            lines.Add(new Text($"{verb}: {address}"));
        if (!string.IsNullOrWhiteSpace(reply.Message))
            lines.Add(new Text(reply.Message));
        return new Rows(lines);
    }

    /// <summary>One row per region and node: every count names the node it comes from.</summary>
    public static IRenderable ShardStats(ShardStatsReply reply)
    {
        var table = new Table().Border(TableBorder.Rounded).AddColumns("Region", "Node", "Shards", "Entities");
        table.Columns[2].RightAligned();
        table.Columns[3].RightAligned();
        foreach (var region in reply.Regions.OrderBy(r => r.Region, StringComparer.Ordinal).ThenBy(r => r.Node, StringComparer.Ordinal))
            table.AddRow(region.Region, region.Node, Formats.Count(region.Shards), Formats.Count(region.Entities));
        foreach (var group in reply.Regions.GroupBy(r => r.Region).OrderBy(g => g.Key, StringComparer.Ordinal))
            table.AddRow(new Text(group.Key, new Style(decoration: Decoration.Bold)), new Text("total", new Style(decoration: Decoration.Bold)),
                new Text(Formats.Count(group.Sum(r => r.Shards))), new Text(Formats.Count(group.Sum(r => r.Entities))));
        if (reply.Regions.Count == 0)
            table.Caption("no shard regions reported");
        if (reply.UnreachableNodes.Count == 0)
            return table;
        var warning = new Text($"no answer in time from: {string.Join(", ", reply.UnreachableNodes)} (their counts are missing)",
            new Style(Color.Yellow));
        return new Rows(table, warning);
    }

    private static string Or(string text) => string.IsNullOrEmpty(text) ? "unknown" : text;
}
