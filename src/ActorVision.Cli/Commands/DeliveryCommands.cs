using System.CommandLine;
using ActorVision.Cli.Errors;
using ActorVision.Cli.Output;
using ActorVision.Protocol.V1;

namespace ActorVision.Cli.Commands;

/// <summary>`delivery dead-letters ls|replay`: the events sinks gave up on, and sending them again.</summary>
public static class DeliveryCommands
{
    public static Command Delivery(CliRuntime runtime)
    {
        var delivery = new Command("delivery", "Event delivery to other systems (webhook and MQTT sinks)");
        var deadLetters = new Command("dead-letters", "Events a sink gave up on (admin key)");

        var lsSink = new Option<string?>("--sink") { Description = "Only this sink's dead letters [default: every sink]", HelpName = "name" };
        var after = new Option<long>("--after") { Description = "With --sink: the page after this offset", HelpName = "offset" };
        var limit = new Option<int>("--limit") { Description = "At most this many (1-1000)", HelpName = "n", DefaultValueFactory = _ => 100 };
        var payload = new Option<bool>("--payload") { Description = "Include the body that could not be delivered (JSON output)" };
        var ls = new Command("ls", "List dead letters: sink, offset, camera, rule, type, attempts, last error, replay pending") { lsSink, after, limit, payload };
        runtime.Handle(ls, async (scope, ct) =>
        {
            var sink = scope.Parse.GetValue(lsSink) ?? "";
            scope.Subject = sink.Length > 0 ? $"sink '{sink}'" : null;
            var reply = await scope.Client.ListDeadLettersAsync(new ListDeadLettersRequest
            {
                Sink = sink,
                AfterOffset = scope.Value(after),
                Limit = scope.Value(limit),
                IncludePayload = scope.Value(payload),
            }, ct);
            scope.Show(reply, () => DeliveryView.DeadLetters(reply, sink, scope.Clock.GetUtcNow()));
        });

        var replaySink = new Option<string>("--sink") { Description = "The sink whose dead letters to send again", HelpName = "name", Required = true };
        var offsets = new Option<long[]>("--offset") { Description = "A dead letter's offset (repeatable, up to 1000)", HelpName = "offset", AllowMultipleArgumentsPerToken = true };
        var all = new Option<bool>("--all") { Description = "Every dead letter of the sink" };
        var replay = new Command("replay", "Send dead letters again, in the background: delivered ones are removed, refused ones stay with the new reason")
            { replaySink, offsets, all };
        runtime.Handle(replay, async (scope, ct) =>
        {
            var sink = scope.Value(replaySink);
            var chosen = scope.Parse.GetValue(offsets) ?? [];
            var every = scope.Value(all);
            if (every == chosen.Length > 0) throw new UsageException("name dead letters with --offset, or replay them --all (not both)");
            scope.Subject = $"sink '{sink}'";
            var request = new ReplayDeadLettersRequest { Sink = sink, All = every };
            request.Offsets.AddRange(chosen);
            var reply = await scope.Client.ReplayDeadLettersAsync(request, ct);
            scope.ShowLine(reply, () => DeliveryView.Replay(sink, reply));
        });

        deadLetters.Subcommands.Add(ls);
        deadLetters.Subcommands.Add(replay);
        delivery.Subcommands.Add(deadLetters);
        return delivery;
    }
}
