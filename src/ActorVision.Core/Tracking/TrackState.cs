namespace ActorVision.Core.Tracking;

/// <summary>Where a track is in its life.</summary>
public enum TrackState
{
    /// <summary>Seen in too few consecutive frames to be trusted; never handed to rules and has no id yet.</summary>
    Tentative = 0,
    /// <summary>Matched to a detection in the current frame.</summary>
    Confirmed = 1,
    /// <summary>Was confirmed, not matched in the current frame; its box is the filter's prediction.</summary>
    Lost = 2,
    /// <summary>Lost for longer than <see cref="TrackerOptions.MaxLostTime"/>: reported once, then forgotten.</summary>
    Removed = 3,
}
