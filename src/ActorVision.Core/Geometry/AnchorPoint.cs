namespace ActorVision.Core.Geometry;

/// <summary>
/// The point of a box that stands for the whole object in rule geometry. Bottom-centre is the default
/// because people and vehicles touch the ground there, so a zone drawn on the floor matches them.
/// </summary>
public enum AnchorPoint
{
    BottomCenter = 0,
    Center = 1,
    TopCenter = 2,
    BottomLeft = 3,
    BottomRight = 4,
    TopLeft = 5,
    TopRight = 6,
    CenterLeft = 7,
    CenterRight = 8,
}
