using ActorVision.Core.Detections;
using ActorVision.Core.Geometry;

namespace ActorVision.Core.Tracking;

/// <summary>
/// One object followed over time by <see cref="ByteTracker"/>. The tracker owns and reuses these objects:
/// read them during the frame they were returned for, and keep the <see cref="Id"/>, not the reference.
/// Coordinates are in the pixels of the frames the detections came from.
/// </summary>
public sealed class Track
{
    internal BoxKalmanFilter Filter;
    internal bool MatchedThisFrame;

    internal Track()
    {
    }

    /// <summary>Unique per camera across classes and never reused; 0 while the track is tentative.</summary>
    public long Id { get; internal set; }

    /// <summary>Class name of the detections the track follows (a track never changes class).</summary>
    public string Label { get; internal set; } = "";

    public int ClassId { get; internal set; }

    /// <summary>The Kalman-filtered box: smoothed when matched, predicted when lost.</summary>
    public BoxF Box => Filter.Box;

    /// <summary>Box of the last detection matched to the track.</summary>
    public BoxF DetectionBox { get; internal set; }

    /// <summary>Score of the last detection matched to the track.</summary>
    public float Score { get; internal set; }

    public TrackState State { get; internal set; }

    /// <summary>Velocity of the box centre in pixels per second.</summary>
    public PointF Velocity => Filter.Velocity;

    /// <summary>Stream time of the first detection of the track.</summary>
    public TimeSpan FirstSeen { get; internal set; }

    /// <summary>Stream time of the last detection matched to the track.</summary>
    public TimeSpan LastSeen { get; internal set; }

    /// <summary>How many detections have been matched to the track.</summary>
    public int Hits { get; internal set; }

    internal void Start(in Detection detection, TimeSpan time)
    {
        Id = 0;
        Label = detection.Label ?? "";
        ClassId = detection.ClassId;
        Filter = BoxKalmanFilter.Start(detection.Box);
        DetectionBox = detection.Box;
        Score = detection.Score;
        State = TrackState.Tentative;
        FirstSeen = time;
        LastSeen = time;
        Hits = 1;
        MatchedThisFrame = true;
    }

    internal void Observe(in Detection detection, TimeSpan time)
    {
        Filter.Correct(detection.Box);
        DetectionBox = detection.Box;
        Score = detection.Score;
        LastSeen = time;
        Hits++;
        MatchedThisFrame = true;
    }

    internal bool SameClassAs(in Detection detection) =>
        detection.ClassId == ClassId && string.Equals(detection.Label ?? "", Label, StringComparison.Ordinal);

    internal TrackSnapshot ToSnapshot() =>
        new(Id, Label, ClassId, State, Hits, Score, DetectionBox, FirstSeen, LastSeen, Filter.X, Filter.Y, Filter.W, Filter.H);

    internal void Load(TrackSnapshot snapshot)
    {
        Id = snapshot.Id;
        Label = snapshot.Label;
        ClassId = snapshot.ClassId;
        State = snapshot.State;
        Hits = snapshot.Hits;
        Score = snapshot.Score;
        DetectionBox = snapshot.DetectionBox;
        FirstSeen = snapshot.FirstSeen;
        LastSeen = snapshot.LastSeen;
        Filter = new BoxKalmanFilter { X = snapshot.CenterX, Y = snapshot.CenterY, W = snapshot.Width, H = snapshot.Height };
        MatchedThisFrame = false;
    }

    public override string ToString() =>
        FormattableString.Invariant($"#{Id} {Label} {State} {Box} score {Score:0.00} hits {Hits}");
}
