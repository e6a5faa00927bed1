using System.CommandLine;
using ActorVision.Cli.Events;
using ActorVision.Cli.Output;
using ActorVision.Protocol.V1;
using Google.Protobuf.WellKnownTypes;
using Spectre.Console;

namespace ActorVision.Cli.Commands;

/// <summary>`events tail` (live, resumable) and `events query` (paged history).</summary>
public static class EventCommands
{
    public static Command Events(CliRuntime runtime)
    {
        var events = new Command("events", "Analytics events: follow them live, or query the history");
        events.Subcommands.Add(Tail(runtime));
        events.Subcommands.Add(Query(runtime));
        return events;
    }

    private static Command Tail(CliRuntime runtime)
    {
        var filter = new EventFilterOptions();
        var fromOffset = new Option<long?>("--from-offset")
        {
            Description = "First replay every matching event after this offset (0: all history), then follow",
            HelpName = "offset",
        };
        fromOffset.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long?>() is < 0)
                r.AddError("--from-offset cannot be negative");
        });
        var tail = new Command("tail", "Follow live events; reconnects and resumes after the last printed offset (Ctrl+C stops)") { fromOffset };
        filter.AddTo(tail);
        runtime.Handle(tail, async (scope, ct) =>
        {
            var eventFilter = filter.Read(scope.Parse);
            var eventTail = new EventTail(scope.Client.SubscribeEventsAsync, scope.NewReconnect());
            await eventTail.RunAsync(eventFilter, scope.Parse.GetValue(fromOffset),
                e =>
                {
                    if (scope.Json)
                        scope.Terminal.Out.WriteLine(ProtoJson.Line(e));
                    else
                    {
                        scope.Terminal.Screen.Write(EventView.Line(e));
                        scope.Terminal.Screen.WriteLine();
                    }
                    scope.Terminal.Out.Flush();
                },
                (failure, last) => scope.Terminal.Error.WriteLine(
                    $"avctl: event stream lost ({failure.StatusCode}); reconnecting, then resuming {(last is { } o ? $"after offset {o}" : "with live events")}"),
                ct);
            return Errors.ExitCodes.Success;
        });
        return tail;
    }

    private static Command Query(CliRuntime runtime)
    {
        var filter = new EventFilterOptions();
        var from = TimeOption("--from", "Events at or after this time: ISO 8601, or an age such as 15m, 2h, 1d", runtime);
        var to = TimeOption("--to", "Events before this time (same forms as --from)", runtime);
        var limit = new Option<int>("--limit") { Description = "At most this many events (pages through the results)", DefaultValueFactory = _ => 100 };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > 1_000_000)
                r.AddError("--limit must be between 1 and 1000000");
        });
        var pageToken = new Option<string?>("--page-token") { Description = "Continue a previous query (its nextPageToken)", HelpName = "token" };
        var query = new Command("query", "Query stored events by camera, rule, type and time, oldest first") { from, to, limit, pageToken };
        filter.AddTo(query);
        query.Validators.Add(r =>
        {
            if (ParsedValue.TryGet(r, from, out var f) && ParsedValue.TryGet(r, to, out var t) && f >= t)
                r.AddError("--from must be before --to");
        });
        runtime.Handle(query, async (scope, ct) =>
        {
            var eventFilter = filter.Read(scope.Parse);
            if (scope.Parse.GetValue(from) is { } f)
                eventFilter.From = Timestamp.FromDateTimeOffset(f);
            if (scope.Parse.GetValue(to) is { } t)
                eventFilter.To = Timestamp.FromDateTimeOffset(t);
            var result = await EventPager.CollectAsync(scope.Client.QueryEventsAsync, eventFilter, scope.Value(limit),
                scope.Parse.GetValue(pageToken) ?? "", ct);
            scope.Show(result.Page, () => EventView.Table(result.Page.Events, result.More));
        });
        return query;
    }

    private static Option<DateTimeOffset?> TimeOption(string name, string description, CliRuntime runtime) => new(name)
    {
        Description = description,
        HelpName = "time",
        CustomParser = result =>
        {
            var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
            if (TimeBound.TryParse(text, runtime.Resilience.Clock.GetUtcNow(), out var time))
                return time;
            result.AddError($"{name} '{text}' is not a time: use ISO 8601 (2026-11-26T14:00:00Z), now, or an age (15m, 2h, 1d)");
            return null;
        },
    };
}
