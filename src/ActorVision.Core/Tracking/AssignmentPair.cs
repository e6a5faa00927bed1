namespace ActorVision.Core.Tracking;

/// <summary>A track (row) and a detection (column) that may be matched, and what matching them costs.</summary>
internal readonly record struct AssignmentPair(int Row, int Column, float Cost);
