using ActorVision.Cli.Output;
using ActorVision.Protocol.V1;
using Spectre.Console;

namespace ActorVision.Cli.Jobs;

/// <summary>
/// Shows a job's progress while <see cref="JobWatcher"/> follows it: a live Spectre progress bar on a terminal
/// (on stderr when stdout carries JSON), plain lines at each 10% and state change when stdout is a file or pipe,
/// and nothing at all for JSON into a pipe (the one final object is the whole output).
/// </summary>
public static class JobProgressDisplay
{
    public static async Task<Job> FollowAsync(JobWatcher watcher, string jobId, Terminal terminal, bool json, CancellationToken cancellationToken)
    {
        var screen = json ? terminal.ErrorScreen : terminal.Screen;
        var live = json ? terminal.ErrorIsTerminal : terminal.OutputIsTerminal;
        if (live)
        {
            Job? final = null;
            await screen.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new SpinnerColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(Markup.Escape(jobId), maxValue: 100);
                    final = await watcher.RunAsync(jobId, job =>
                    {
                        task.Value = Math.Clamp(job.Progress?.Percent ?? 0, 0, 100);
                        task.Description = Markup.Escape($"{jobId} {JobView.ProgressText(job)}");
                        if (JobWatcher.IsFinished(job.State))
                        {
                            if (job.State == JobState.Completed)
                                task.Value = 100;
                            task.StopTask();
                        }
                    }, cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
            return final!;
        }
        if (json)
            return await watcher.RunAsync(jobId, _ => { }, cancellationToken).ConfigureAwait(false);

        var lastState = JobState.Unspecified;
        var lastStep = -1;
        return await watcher.RunAsync(jobId, job =>
        {
            var step = (int)Math.Floor((job.Progress?.Percent ?? 0) / 10);
            if (job.State == lastState && step == lastStep)
                return;
            lastState = job.State;
            lastStep = step;
            terminal.Out.WriteLine($"{jobId} {Formats.Percent(job.Progress?.Percent ?? 0)} {JobView.ProgressText(job)}");
            terminal.Out.Flush();
        }, cancellationToken).ConfigureAwait(false);
    }
}
