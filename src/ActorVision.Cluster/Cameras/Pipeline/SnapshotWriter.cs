using Akka.Actor;
using ActorVision.Media;

namespace ActorVision.Cluster.Cameras.Pipeline;

/// <summary>
/// Writes one camera's event snapshots (<see cref="EventSnapshots"/>: a JPEG of the annotated frame per event) on a
/// dispatcher for blocking work, one at a time, and answers whoever asked. JPEG encoding and file writes never run on
/// the analysis threads, and a failure (a full disk, a folder that went away) is an answer, not a crash.
/// </summary>
public sealed class SnapshotWriter : ReceiveActor
{
    /// <summary>Dispatcher of the writers: a few threads for the whole node (hocon/actorvision.conf).</summary>
    public const string DispatcherId = "actorvision.snapshot-dispatcher";

    private readonly EventSnapshots _snapshots;

    public SnapshotWriter(EventSnapshots snapshots)
    {
        _snapshots = snapshots;
        Receive<WriteSnapshot>(Write);
    }

    public static Props Props(EventSnapshots snapshots) =>
        Akka.Actor.Props.Create(() => new SnapshotWriter(snapshots)).WithDispatcher(DispatcherId);

    private void Write(WriteSnapshot write)
    {
        try
        {
            _snapshots.Write(write.Frame, write.Overlay, write.Events);
            Sender.Tell(new SnapshotWritten(write.CorrelationId));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or MediaException)
        {
            Sender.Tell(new SnapshotFailed(write.CorrelationId, $"{ex.GetType().Name}: {ex.Message}"));
        }
        finally
        {
            write.Frame.Release();
        }
    }

    protected override void PostStop() => _snapshots.Dispose();
}
