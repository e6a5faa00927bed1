using System.CommandLine;
using ActorVision.Cli.Errors;
using ActorVision.Cli.Jobs;
using ActorVision.Cli.Output;
using ActorVision.Protocol.V1;
using Spectre.Console;

namespace ActorVision.Cli.Commands;

/// <summary>`job submit|ls|status|watch|cancel|results`: long video-analysis jobs.</summary>
public static class JobCommands
{
    public static Command Job(CliRuntime runtime)
    {
        var job = new Command("job", "Video-analysis jobs: submit, follow, cancel, fetch results");
        job.Subcommands.Add(Submit(runtime));

        var limit = new Option<int>("--limit") { Description = "How many of the newest jobs to list", DefaultValueFactory = _ => 50, HelpName = "n" };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1) r.AddError("--limit must be at least 1");
        });
        var ls = new Command("ls", "List the newest jobs with state and progress") { limit };
        runtime.Handle(ls, async (scope, ct) =>
        {
            var wanted = scope.Value(limit);
            var reply = new ListJobsReply();
            var token = "";
            do
            {
                // The node answers at most 500 a page; each page asks only its own jobs.
                var page = await scope.Client.ListJobsAsync(Math.Min(wanted - reply.Jobs.Count, 500), token, ct);
                reply.Jobs.AddRange(page.Jobs);
                token = page.NextPageToken;
            }
            while (token.Length > 0 && reply.Jobs.Count < wanted);
            reply.NextPageToken = token;
            scope.Show(reply, () => JobView.List(reply));
        });
        job.Subcommands.Add(ls);

        var statusId = IdArgument();
        var status = new Command("status", "One job's state, progress, counts and reason") { statusId };
        runtime.Handle(status, async (scope, ct) =>
        {
            var id = scope.Value(statusId);
            scope.Subject = $"job '{id}'";
            var reply = await scope.Client.GetJobAsync(id, ct);
            scope.Show(reply, () => JobView.Detail(reply));
        });
        job.Subcommands.Add(status);

        var watchId = IdArgument();
        var watch = new Command("watch", "Follow a job's progress until it ends; exits non-zero if it fails or is cancelled") { watchId };
        runtime.Handle(watch, (scope, ct) =>
        {
            var id = scope.Value(watchId);
            scope.Subject = $"job '{id}'";
            return FollowAsync(scope, id, ct);
        });
        job.Subcommands.Add(watch);

        var cancelId = IdArgument();
        var cancel = new Command("cancel", "Cancel a job: it stops promptly and frees its device") { cancelId };
        runtime.Handle(cancel, async (scope, ct) =>
        {
            var id = scope.Value(cancelId);
            scope.Subject = $"job '{id}'";
            var reply = await scope.Client.CancelJobAsync(id, ct);
            scope.ShowLine(reply, () => new Text($"job {id} {StatusStyle.JobName(reply.State).ToLowerInvariant()}"));
        });
        job.Subcommands.Add(cancel);

        job.Subcommands.Add(Results(runtime));
        return job;
    }

    private static Command Submit(CliRuntime runtime)
    {
        var input = new Argument<string>("file") { Description = "The video: a path under the node's media root, or a URL with an allowed scheme" };
        var rules = new Option<string?>("--rules") { Description = "Rules file (JSON: {\"rules\": [...]})", HelpName = "file" };
        var models = new Option<string[]>("--model") { Description = "Model name (repeatable)", HelpName = "name" };
        var everyFrame = new Option<bool>("--every-frame") { Description = "Analyse every frame (default: sample at --fps or the node's default)" };
        var fps = new Option<double?>("--fps") { Description = "Frames analysed per second of video", HelpName = "rate" };
        fps.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<double?>() is { } v && (v <= 0 || !double.IsFinite(v)))
                r.AddError($"--fps must be greater than 0 (got {v})");
        });
        var annotated = new Option<bool>("--annotated-video") { Description = "Also write an annotated MP4" };
        var wait = new Option<bool>("--wait") { Description = "Follow progress until the job ends; exit non-zero if it fails or is cancelled" };
        var submitter = new Option<string?>("--submitter") { Description = "A label shown with the job [default: the user name]; slots are shared fairly between API keys", HelpName = "name" };
        var submit = new Command("submit", "Submit a video for analysis; prints the job id at once (or follows it with --wait)")
        {
            input, rules, models, everyFrame, fps, annotated, wait, submitter,
        };
        submit.Validators.Add(r =>
        {
            if (ParsedValue.TryGet(r, everyFrame, out var every) && every && r.GetResult(fps) is not null)
                r.AddError("--every-frame and --fps contradict each other: every frame, or a sampling rate");
        });
        runtime.Handle(submit, async (scope, ct) =>
        {
            var request = JobRequestBuilder.Build(new JobFlags
            {
                Input = scope.Value(input),
                RulesFile = scope.Parse.GetValue(rules),
                Models = scope.Parse.GetValue(models) ?? [],
                EveryFrame = scope.Value(everyFrame),
                Fps = scope.Parse.GetValue(fps),
                AnnotatedVideo = scope.Value(annotated),
                Submitter = scope.Parse.GetValue(submitter) ?? Environment.UserName,
            }, Guid.NewGuid().ToString("N"));
            var job = await scope.Client.SubmitJobAsync(request, ct);
            scope.Subject = $"job '{job.Id}'";
            if (!scope.Value(wait))
            {
                scope.ShowLine(job, () => new Text($"job {job.Id} {StatusStyle.JobName(job.State).ToLowerInvariant()} (follow it with: avctl job watch {job.Id})"));
                return ExitCodes.Success;
            }
            if (!scope.Json)
                scope.Terminal.Screen.WriteLine($"job {job.Id} submitted");
            return await FollowAsync(scope, job.Id, ct);
        });
        return submit;
    }

    private static Command Results(CliRuntime runtime)
    {
        var id = IdArgument();
        var format = new Option<string>("--format") { Description = "jsonl (one event per line) or csv", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "csv");
        var output = new Option<string?>("--out") { Description = "Write to this file instead of stdout (replaced only when complete)", HelpName = "file" };
        var results = new Command("results", "Export a job's events as JSON lines or CSV") { id, format, output };
        runtime.Handle(results, async (scope, ct) =>
        {
            var jobId = scope.Value(id);
            scope.Subject = $"job '{jobId}'";
            var request = new JobResultsRequest
            {
                JobId = jobId,
                Format = scope.Value(format) == "csv" ? ResultFormat.Csv : ResultFormat.Jsonl,
            };
            var path = scope.Parse.GetValue(output);
            var writer = new JobResultWriter(scope.Client.GetJobResultsAsync, scope.NewReconnect());
            var bytes = await writer.WriteAsync(request, path, scope.Terminal.OpenStandardOutput, ct);
            if (path is not null)
                scope.Terminal.Error.WriteLine($"avctl: wrote {bytes:N0} bytes to {path}");
        });
        return results;
    }

    /// <summary>Follows the job to its end and turns the final state into the exit code.</summary>
    private static async Task<int> FollowAsync(CommandScope scope, string jobId, CancellationToken ct)
    {
        var watcher = new JobWatcher(scope.Client.WatchJobAsync, scope.Client.GetJobAsync, scope.NewReconnect());
        var final = await JobProgressDisplay.FollowAsync(watcher, jobId, scope.Terminal, scope.Json, ct);
        if (scope.Json)
            scope.Terminal.Out.WriteLine(JobOutcome.Json(final));
        else
            scope.Terminal.Screen.Write(JobView.Detail(final));
        return final.State switch
        {
            JobState.Completed => ExitCodes.Success,
            JobState.Cancelled => Fail(scope, ExitCodes.JobCancelled, $"job {jobId} was cancelled"),
            _ => Fail(scope, ExitCodes.JobFailed, $"job {jobId} failed: {(string.IsNullOrWhiteSpace(final.Reason) ? "no reason given" : final.Reason)}"),
        };
    }

    private static int Fail(CommandScope scope, int exitCode, string reason)
    {
        scope.Terminal.Error.WriteLine($"avctl: {reason.ReplaceLineEndings(" ")}");
        return exitCode;
    }

    private static Argument<string> IdArgument()
    {
        var argument = new Argument<string>("job") { Description = "Job id" };
        argument.Validators.Add(r =>
        {
            if (string.IsNullOrWhiteSpace(r.GetValueOrDefault<string>()))
                r.AddError("the job id is empty");
        });
        return argument;
    }
}
