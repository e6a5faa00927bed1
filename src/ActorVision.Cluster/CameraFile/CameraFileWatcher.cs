using ActorVision.Common;
using System.Security.Cryptography;
using System.Text;
using Akka.Actor;
using Akka.Event;
using ActorVision.Cluster.Cameras.Client;
using CameraFileProblem = ActorVision.Cluster.Remoting.Wire.CameraFileProblem;
using CameraFileStatus = ActorVision.Cluster.Remoting.Wire.CameraFileStatus;
using CameraFileStatusRequest = ActorVision.Cluster.Remoting.Wire.CameraFileStatusRequest;
using ActorVision.Core.Validation;
using ActorVision.Media;
using ActorVision.Domain.Cameras;
using ActorVision.Domain.Cameras.Messages;

namespace ActorVision.Cluster.CameraFile;

/// <summary>
/// Applies the camera file to the cluster: a singleton that reads the file every poll interval and, when its content
/// changed, applies it as a diff (new cameras registered as owned by the file, changed ones updated, ones no longer
/// listed removed). It touches only cameras the file owns; a file camera whose id the API already uses is left alone
/// and reported. An invalid file is rejected whole: nothing is applied, the reason is logged and reported
/// (<see cref="CameraFileStatus"/>). An apply that could not finish (a camera did not answer) is retried at the next
/// poll; every step is idempotent. The first apply after a start also removes file cameras the file no longer lists.
/// </summary>
public sealed class CameraFileWatcher : ReceiveActor, IWithTimers
{
    private readonly ILoggingAdapter _log = Context.GetLogger();
    private readonly CameraFileSettings _settings;
    private readonly CameraFileContext _context;
    private readonly CameraClient _client;
    private readonly CameraDirectory _directory;
    private readonly CameraFileStatus _status;
    private CameraFileState _state;
    private string? _appliedHash;
    private string? _rejectedHash;
    private IReadOnlyDictionary<string, CameraFileEntry>? _applied;
    private bool _applying;

    public CameraFileWatcher(CameraFileSettings settings, CameraFileContext context, CameraClient client, CameraDirectory directory)
    {
        _settings = settings;
        _context = context;
        _client = client;
        _directory = directory;
        _status = new CameraFileStatus { Path = settings.Path, Message = "not read yet" };
        Enter(CameraFileState.Pending);
        Receive<Poll>(_ => OnPoll());
        Receive<ApplyResult>(OnApplied);
        Receive<CameraFileStatusRequest>(_ => Sender.Tell(_status.Clone()));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(CameraFileSettings settings, CameraFileContext context, CameraClient client, CameraDirectory directory) =>
        Akka.Actor.Props.Create(() => new CameraFileWatcher(settings, context, client, directory));

    protected override void PreStart()
    {
        _log.Info("camera file {0}: watching, every {1}", _settings.Path, _settings.PollInterval);
        Timers.StartPeriodicTimer("poll", Poll.Instance, TimeSpan.Zero, _settings.PollInterval);
    }

    private void OnPoll()
    {
        if (_applying) return;
        _status.CheckedUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _status.Polls++;
        string text;
        try
        {
            text = File.ReadAllText(_settings.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Reject("unreadable", [new FieldError("", ex is FileNotFoundException or DirectoryNotFoundException ? "the file does not exist" : ex.Message)]);
            return;
        }
        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        if (hash == _appliedHash)
        {
            if (_state != CameraFileState.Applied) Restore();
            return;
        }
        if (hash == _rejectedHash) return;

        var errors = new List<FieldError>();
        var entries = CameraFileParser.Parse(text, _context, errors);
        if (errors.Count > 0)
        {
            Reject(hash, errors);
            return;
        }
        _applying = true;
        ApplyAsync(hash, entries.ToDictionary(e => e.Spec.Id), _applied).PipeTo(Self);
    }

    private void Reject(string hash, IReadOnlyList<FieldError> errors)
    {
        if (hash == _rejectedHash) return;
        _rejectedHash = hash;
        Enter(CameraFileState.Rejected);
        _status.RejectedAtPoll = _status.Polls;
        _status.Message = $"invalid, nothing applied: {errors.Count} problem(s); the cluster keeps the cameras of the last valid file";
        _status.Problems.Clear();
        _status.Problems.AddRange(errors.Select(e => new CameraFileProblem { Path = e.Path, Message = UrlRedaction.RedactInText(e.Message) }));
        _log.Warning("camera file {0} rejected, nothing applied: {1}", _settings.Path, UrlRedaction.RedactInText(string.Join("; ", errors)));
    }

    /// <summary>The file is back to the content that is applied (an invalid edit was undone): nothing to do but say so.</summary>
    private void Restore()
    {
        _rejectedHash = null;
        Enter(CameraFileState.Applied);
        _status.RejectedAtPoll = 0;
        _status.Message = "applied: the file is back to the content last applied";
        _status.Problems.Clear();
        _log.Info("camera file {0}: {1}", _settings.Path, _status.Message);
    }

    private void OnApplied(ApplyResult result)
    {
        _applying = false;
        _status.RejectedAtPoll = 0;
        _status.Changes.Clear();
        _status.Changes.AddRange(result.Changes);
        _status.Conflicts.Clear();
        _status.Conflicts.AddRange(result.Conflicts);
        _status.Problems.Clear();
        _status.Problems.AddRange(result.Failures.Select(f => new CameraFileProblem { Path = "cameras." + f.CameraId, Message = UrlRedaction.RedactInText(f.Reason) }));
        if (result.Failures.Count > 0)
        {
            Enter(CameraFileState.Incomplete);
            _status.Message = $"{result.Failures.Count} camera(s) could not be changed yet; retrying at the next poll";
            _log.Warning("camera file {0}: {1}: {2}", _settings.Path, _status.Message, string.Join("; ", _status.Problems.Select(p => $"{p.Path}: {p.Message}")));
            return;
        }
        _appliedHash = result.Hash;
        _rejectedHash = null;
        _applied = result.Entries;
        Enter(CameraFileState.Applied);
        _status.AppliedUnixMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        _status.AppliedAtPoll = _status.Polls;
        _status.Cameras = result.Entries.Count;
        _status.Message = result.Changes.Count == 0 ? "applied: the cluster already matched the file" : "applied: " + string.Join(", ", result.Changes);
        if (result.Conflicts.Count > 0)
            _status.Message += $"; left alone (managed by the API): {string.Join(", ", result.Conflicts)}";
        _log.Info("camera file {0}: {1}", _settings.Path, _status.Message);
    }

    private void Enter(CameraFileState state)
    {
        _state = state;
        _status.State = state.ToWire();
    }

    private async Task<ApplyResult> ApplyAsync(string hash, IReadOnlyDictionary<string, CameraFileEntry> wanted, IReadOnlyDictionary<string, CameraFileEntry>? previous)
    {
        var changes = new List<string>();
        var conflicts = new List<string>();
        var failures = new List<(string, string)>();
        try
        {
            var ids = await _directory.CurrentIdsAsync().ConfigureAwait(false);
            var lookups = await _client.GetManyAsync(ids).ConfigureAwait(false);
            var silent = lookups.Where(l => l.View is null).ToArray();
            if (silent.Length > 0)
            {
                // Without every camera's owner the diff could remove or overwrite the wrong thing: wait for them.
                return new ApplyResult(hash, wanted, [], [], silent.Select(l => (l.CameraId, l.Problem ?? "did not answer")).ToArray());
            }
            var existing = lookups.ToDictionary(l => l.CameraId, l => l.View!);
            foreach (var (id, entry) in wanted)
            {
                if (!existing.TryGetValue(id, out var view))
                {
                    await Step(id, () => _client.SendAsync(new RegisterCamera(entry.Spec, CameraOwner.File, entry.Start)), $"added {id}");
                }
                else if (view.Owner != CameraOwner.File)
                {
                    conflicts.Add(id);
                }
                else
                {
                    if (!CameraSpecComparer.Instance.Equals(view.Spec, entry.Spec))
                        await Step(id, () => _client.SendAsync(new UpdateCamera(entry.Spec, CameraOwner.File)), $"updated {id}");
                    // Run state follows the file when the file's start flag changes; otherwise operators may start and stop.
                    if (previous?.GetValueOrDefault(id) is { } before && before.Start != entry.Start)
                    {
                        ICameraCommand command = entry.Start ? new StartCamera(id) : new StopCamera(id);
                        await Step(id, () => _client.SendAsync(command), entry.Start ? $"started {id}" : $"stopped {id}");
                    }
                }
            }
            foreach (var (id, view) in existing)
            {
                if (view.Owner == CameraOwner.File && !wanted.ContainsKey(id))
                    await Step(id, async () => await _client.RemoveAsync(new RemoveCamera(id, CameraOwner.File)).ConfigureAwait(false), $"removed {id}");
            }
        }
        catch (Exception ex)
        {
            failures.Add(("*", ex.Message));
        }
        return new ApplyResult(hash, wanted, changes, conflicts, failures);

        async Task Step(string id, Func<Task> command, string done)
        {
            try
            {
                await command().ConfigureAwait(false);
                changes.Add(done);
            }
            catch (CameraRejectedException ex)
            {
                failures.Add((id, ex.Message));
            }
            catch (CameraUnavailableException ex)
            {
                failures.Add((id, ex.Message));
            }
        }
    }

    private sealed record Poll
    {
        public static Poll Instance { get; } = new();
    }

    private sealed record ApplyResult(
        string Hash,
        IReadOnlyDictionary<string, CameraFileEntry> Entries,
        IReadOnlyList<string> Changes,
        IReadOnlyList<string> Conflicts,
        IReadOnlyList<(string CameraId, string Reason)> Failures);
}
