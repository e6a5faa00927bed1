using System.Text;
using System.Text.Json;
using ActorVision.Cli.Output;
using ActorVision.Protocol.V1;

namespace ActorVision.Cli.Jobs;

/// <summary>
/// The one JSON object `job submit --wait` and `job watch` print with --output json: what a script needs
/// to decide what to do next, in a fixed shape (numbers as JSON numbers, rule counts sorted by rule id).
/// </summary>
public static class JobOutcome
{
    public static string Json(Job job)
    {
        var progress = job.Progress ?? new JobProgress();
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("jobId", job.Id);
            writer.WriteString("state", StateName(job.State));
            if (!string.IsNullOrEmpty(job.Reason))
                writer.WriteString("reason", job.Reason);
            writer.WriteNumber("framesAnalysed", progress.FramesAnalysed);
            writer.WriteNumber("framesUndecodable", progress.FramesUndecodable);
            writer.WriteNumber("eventCount", JobView.EventCount(job));
            writer.WriteStartObject("perRule");
            foreach (var rule in (job.Summary?.PerRule ?? []).OrderBy(r => r.Key, StringComparer.Ordinal))
                writer.WriteNumber(rule.Key, rule.Value);
            writer.WriteEndObject();
            if (!string.IsNullOrEmpty(job.AnnotatedVideoPath))
                writer.WriteString("annotatedVideoPath", job.AnnotatedVideoPath);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The protobuf JSON name of the state ("JOB_STATE_COMPLETED"), as `job status --output json` shows it.</summary>
    public static string StateName(JobState state) =>
        JobsReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("JobState")?.FindValueByNumber((int)state)?.Name ?? ((int)state).ToString(System.Globalization.CultureInfo.InvariantCulture);
}
