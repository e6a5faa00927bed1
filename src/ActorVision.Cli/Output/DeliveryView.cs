using ActorVision.Protocol.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace ActorVision.Cli.Output;

/// <summary>Dead letters and replays.</summary>
public static class DeliveryView
{
    public static IRenderable DeadLetters(ListDeadLettersReply reply, string sink, DateTimeOffset now)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Sink", "Offset", "Camera", "Rule", "Type", "Attempts", "Last error", "Dead since", "Replay");
        table.Columns[1].RightAligned();
        table.Columns[5].RightAligned();
        foreach (var letter in reply.DeadLetters)
        {
            table.AddRow(
                new Text(letter.Sink),
                new Text(Formats.Count(letter.Offset)),
                new Text(letter.CameraId),
                new Text(letter.RuleId),
                new Text(letter.Type),
                new Text(Formats.Count(letter.Attempts)),
                new Text(letter.LastError),
                new Text(Formats.Age(letter.DeadAt, now)),
                new Text(letter.ReplayPending ? "pending" : ""));
        }
        var of = sink.Length > 0 ? $"sink {sink}" : "every sink";
        table.Caption($"{Formats.Count(reply.DeadLetters.Count, "dead letter")} shown, {Formats.Count(reply.Total)} in all ({of}); sinks: {Formats.List(reply.Sinks)}");
        return table;
    }

    public static IRenderable Replay(string sink, ReplayDeadLettersReply reply)
    {
        var line = $"sink {sink}: {Formats.Count(reply.Pending, "dead letter")} waiting for their replay";
        if (reply.NotFound.Count > 0) line += $"; no dead letter at offset(s) {string.Join(", ", reply.NotFound)}";
        return new Text(line);
    }
}
