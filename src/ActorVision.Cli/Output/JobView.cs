using System.Globalization;
using ActorVision.Common;
using ActorVision.Cli.Connection;
using ActorVision.Protocol.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ActorVision.Cli.Output;

/// <summary>Tables and lines for analysis jobs.</summary>
public static class JobView
{
    public static IRenderable List(ListJobsReply reply)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Job", "State", "Progress", "Frames", "Events", "Input", "Node", "Submitted");
        table.Columns[2].RightAligned();
        table.Columns[3].RightAligned();
        table.Columns[4].RightAligned();
        foreach (var job in reply.Jobs.OrderBy(j => j.SubmittedAt?.ToDateTimeOffset() ?? DateTimeOffset.MinValue).ThenBy(j => j.Id, StringComparer.Ordinal))
        {
            var progress = job.Progress ?? new JobProgress();
            table.AddRow(
                new Text(job.Id),
                StatusStyle.Job(job.State),
                new Text(Formats.Percent(progress.Percent)),
                new Text(Frames(progress)),
                new Text(Formats.Count(EventCount(job))),
                new Text(UrlRedaction.Redact(job.Spec?.Input)),
                new Text(string.IsNullOrEmpty(job.Node) ? "-" : job.Node),
                new Text(Formats.Time(job.SubmittedAt)));
        }
        table.Caption(Formats.Count(reply.Jobs.Count, "job") + (reply.NextPageToken.Length > 0 ? ", the newest (older ones: --limit)" : ""));
        return table;
    }

    public static IRenderable Detail(Job job)
    {
        var progress = job.Progress ?? new JobProgress();
        var grid = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Row(string name, IRenderable value) => grid.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), value);
        void Line(string name, string value) => Row(name, new Text(value));

        Line("Job", job.Id);
        Row("State", StatusStyle.Job(job.State));
        if (!string.IsNullOrWhiteSpace(job.Reason))
            Row("Reason", new Text(UrlRedaction.RedactInText(job.Reason), new Style(job.State == JobState.Failed ? Color.Red : Color.Yellow)));
        Line("Input", UrlRedaction.Redact(job.Spec?.Input));
        Line("Models", Formats.List(job.Spec?.Models ?? []));
        Line("Node", string.IsNullOrEmpty(job.Node) ? "-" : job.Node);
        Line("Progress", $"{Formats.Percent(progress.Percent)}, {Frames(progress)} frames, {Formats.Rate(progress.AnalysisFps)} fps, ETA {Eta(progress)}");
        Line("Frames analysed / undecodable", $"{Formats.Count(progress.FramesAnalysed)} / {Formats.Count(progress.FramesUndecodable)}");
        Line("Events", Formats.Count(EventCount(job)));
        Line("Attempts", job.Attempts.ToString(CultureInfo.InvariantCulture));
        Line("Submitted / started / finished", $"{Formats.Time(job.SubmittedAt)} / {Formats.Time(job.StartedAt)} / {Formats.Time(job.FinishedAt)}");
        if (job.Summary is { } summary)
            foreach (var rule in summary.PerRule.OrderBy(r => r.Key, StringComparer.Ordinal))
                Line($"rule {rule.Key}", Formats.Count(rule.Value));
        if (!string.IsNullOrEmpty(job.AnnotatedVideoPath))
            Line("Annotated video", job.AnnotatedVideoPath);
        return grid;
    }

    /// <summary>Progress text for a bar or a plain line: "1,200/18,000 frames · 41.3 fps · ETA 6m47s · 12 events".</summary>
    public static string ProgressText(Job job)
    {
        var progress = job.Progress ?? new JobProgress();
        return $"{StatusStyle.JobName(job.State)} · {Frames(progress)} frames · {Formats.Rate(progress.AnalysisFps)} fps · ETA {Eta(progress)} · {Formats.Count(EventCount(job))} events";
    }

    public static long EventCount(Job job) =>
        job.Summary is { EventCount: > 0 } summary ? summary.EventCount : job.Progress?.Events ?? 0;

    private static string Frames(JobProgress progress) =>
        progress.FramesTotal > 0 ? $"{Formats.Count(progress.FramesDone)}/{Formats.Count(progress.FramesTotal)}" : Formats.Count(progress.FramesDone);

    private static string Eta(JobProgress progress) =>
        progress.EtaSeconds > 0 && double.IsFinite(progress.EtaSeconds) ? DurationText.Format(TimeSpan.FromSeconds(Math.Ceiling(progress.EtaSeconds))) : "-";
}
