using ActorVision.Common;
using ActorVision.Protocol.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ActorVision.Cli.Output;

/// <summary>Tables for cameras: the list, and one camera's status in detail.</summary>
public static class CameraView
{
    public static IRenderable List(ListCamerasReply reply)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Camera", "State", "Node", "Source", "Models", "Fps in", "Fps analysed", "Dropped", "Events", "Managed by");
        foreach (var index in new[] { 5, 6, 7, 8 })
            table.Columns[index].RightAligned();
        foreach (var camera in reply.Cameras.OrderBy(c => c.Spec?.Id ?? c.Status?.CameraId, StringComparer.Ordinal))
        {
            var spec = camera.Spec ?? new CameraSpec();
            var status = camera.Status ?? new CameraStatus();
            table.AddRow(
                new Text(spec.Id.Length > 0 ? spec.Id : status.CameraId),
                StatusStyle.Camera(status.State),
                new Text(Dash(status.Node)),
                new Text(UrlRedaction.Redact(spec.SourceUrl)),
                new Text(Formats.List(spec.Models)),
                new Text(Formats.Rate(status.FpsIn)),
                new Text(Formats.Rate(status.FpsAnalysed)),
                new Text(Formats.Count(status.FramesDropped)),
                new Text(Formats.Count(status.EventsTotal)),
                new Text(Dash(status.ManagedBy)));
        }
        var failed = reply.Cameras.Count(c => c.Status?.State == CameraState.Failed);
        table.Caption(failed == 0 ? Formats.Count(reply.Cameras.Count, "camera") : $"{Formats.Count(reply.Cameras.Count, "camera")}, {failed} failed");
        return table;
    }

    public static IRenderable Status(CameraStatus status, DateTimeOffset now)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string name, IRenderable value) => grid.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), value);
        void Line(string name, string value) => Row(name, new Text(value));

        Line("Camera", status.CameraId);
        Row("State", StatusStyle.Camera(status.State));
        if (!string.IsNullOrWhiteSpace(status.Reason))
            Row("Reason", new Text(UrlRedaction.RedactInText(status.Reason), new Style(status.State == CameraState.Failed ? Color.Red : Color.Yellow)));
        if (status.NextAttempt is { } next)
            Line("Next attempt", $"{Formats.Time(next)} (in {Formats.Until(next, now)})");
        Line("Node", Dash(status.Node));
        Line("Since", $"{Formats.Time(status.Since)} ({Formats.Age(status.Since, now)})");
        Line("Managed by", Dash(status.ManagedBy));
        Line("Fps in / analysed / out", $"{Formats.Rate(status.FpsIn)} / {Formats.Rate(status.FpsAnalysed)} / {Formats.Rate(status.FpsOut)}");
        Line("Frames in / analysed / dropped",
            $"{Formats.Count(status.FramesIn)} / {Formats.Count(status.FramesAnalysed)} / {Formats.Count(status.FramesDropped)}");
        Line("Latency p50 / p95", $"{Formats.Millis(status.LatencyMsP50)} / {Formats.Millis(status.LatencyMsP95)}");
        Line("Reconnects", Formats.Count(status.Reconnects));
        if (status.SnapshotsSkipped > 0 || status.RecordingFramesSkipped > 0)
            Line("Skipped (disk low)", $"{Formats.Count(status.SnapshotsSkipped, "snapshot")}, {Formats.Count(status.RecordingFramesSkipped, "recorded frame")}");
        Line("Events", Formats.Count(status.EventsTotal));
        if (status.LastEvent is { } last)
            Line("Last event", $"{Formats.Time(last.WallTime)} {last.Type} ({last.RuleId}{(last.TrackId != 0 ? $", track {last.TrackId}" : "")})");
        foreach (var counter in status.Counters.OrderBy(c => c.Key, StringComparer.Ordinal))
            Line(counter.Key, Formats.Count(counter.Value));
        return grid;
    }

    /// <summary>The one line a camera command prints on success, e.g. "camera lobby added (Starting on node-1)".</summary>
    public static IRenderable Done(string cameraId, string verb, Camera? camera)
    {
        var state = camera?.Status;
        if (state is null)
            return new Text($"camera {cameraId} {verb}");
        var where = string.IsNullOrEmpty(state.Node) ? "" : $" on {state.Node}";
        return new Paragraph($"camera {cameraId} {verb} (")
            .Append(StatusStyle.CameraName(state.State), StatusStyle.CameraStyle(state.State))
            .Append(where + ")", null);
    }

    private static string Dash(string? text) => string.IsNullOrWhiteSpace(text) ? "-" : text;
}
