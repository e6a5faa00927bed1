using Akka.Actor;
using ActorVision.Cluster.Cameras.Pipeline;

namespace ActorVision.Node.Dashboard;

/// <summary>
/// Serves the event snapshots on this node's disk (<c>{data}/snapshots/{camera}/{event}.jpg</c>) to dashboards on
/// other nodes. Files are read asynchronously, off the actor.
/// </summary>
public sealed class SnapshotFiles : ReceiveActor
{
    public const string Name = "snapshot-files";

    public SnapshotFiles(string dataFolder)
    {
        Receive<GetSnapshotFile>(m =>
        {
            var path = PathOf(dataFolder, m.CameraId, m.EventId);
            if (path is null || !File.Exists(path))
            {
                Sender.Tell(new SnapshotFileContent(null));
                return;
            }
            File.ReadAllBytesAsync(path).ContinueWith(
                t => new SnapshotFileContent(t.IsCompletedSuccessfully ? t.Result : null), TaskScheduler.Default).PipeTo(Sender);
        });
    }

    public static Props Props(string dataFolder) => Akka.Actor.Props.Create(() => new SnapshotFiles(dataFolder));

    /// <summary>The file of an event's snapshot, or null for a camera id that could leave the snapshot folder.</summary>
    public static string? PathOf(string dataFolder, string cameraId, Guid eventId)
    {
        if (cameraId.Length == 0 || cameraId is "." or ".." || cameraId.IndexOfAny(['/', '\\', '\0']) >= 0) return null;
        return Path.Combine(dataFolder, "snapshots", cameraId, EventSnapshots.FileName(eventId));
    }
}
