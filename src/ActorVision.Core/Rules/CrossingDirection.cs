namespace ActorVision.Core.Rules;

/// <summary>
/// Which way an object crosses a line from point A to point B. Stand on A and look towards B (on the image):
/// an object going from your left to your right crosses <see cref="In"/>, from right to left <see cref="Out"/>.
/// For a line drawn left to right across the image, objects walking down the image cross In.
/// </summary>
public enum CrossingDirection
{
    /// <summary>As a rule setting: report crossings both ways. Never the direction of one crossing.</summary>
    Both = 0,
    In = 1,
    Out = 2,
}
