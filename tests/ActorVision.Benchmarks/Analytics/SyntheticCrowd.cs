using ActorVision.Core.Detections;
using ActorVision.Core.Geometry;

namespace ActorVision.Benchmarks.Analytics;

/// <summary>
/// Deterministic detections of many people for the analytics benchmark. In the quiet mode each person sways around
/// a fixed spot (the tracker and every rule do their full work, but no rule boundary is crossed after warm-up, so
/// allocations are those of the hot path alone); in the busy mode people walk across the frame and reappear at
/// the other side, so tracks are born and removed and events fire.
/// </summary>
internal sealed class SyntheticCrowd
{
    public const int FrameWidth = 1280;
    public const int FrameHeight = 720;
    private const float PersonWidth = 40f;
    private const float PersonHeight = 100f;

    private readonly Detection[] _detections;
    private readonly float[] _originX;
    private readonly float[] _originY;
    private readonly float[] _velocityX;
    private readonly float[] _phase;
    private readonly bool _busy;
    private readonly Random _noise = new(1234);

    public SyntheticCrowd(int people, bool busy)
    {
        _busy = busy;
        _detections = new Detection[people];
        _originX = new float[people];
        _originY = new float[people];
        _velocityX = new float[people];
        _phase = new float[people];
        const int columns = 10;
        var rows = (people + columns - 1) / columns;
        for (var i = 0; i < people; i++)
        {
            var column = i % columns;
            var row = i / columns;
            _originX[i] = (column + 0.5f) * FrameWidth / columns;
            _originY[i] = (row + 0.5f) * FrameHeight / rows;
            _velocityX[i] = (i % 2 == 0 ? 1 : -1) * (40f + 7f * (i % 5));
            _phase[i] = i * 0.7f;
        }
    }

    public ReadOnlySpan<Detection> Frame(TimeSpan time)
    {
        var t = (float)time.TotalSeconds;
        for (var i = 0; i < _detections.Length; i++)
        {
            float cx, cy;
            if (_busy)
            {
                var travel = FrameWidth + 2 * PersonWidth;
                cx = Wrap(_originX[i] + _velocityX[i] * t, travel) - PersonWidth;
                cy = _originY[i] + 10f * MathF.Sin(0.5f * t + _phase[i]);
            }
            else
            {
                cx = _originX[i] + 15f * MathF.Sin(1.5f * t + _phase[i]);
                cy = _originY[i] + 8f * MathF.Cos(1.1f * t + _phase[i]);
            }
            cx += (float)(_noise.NextDouble() - 0.5);
            cy += (float)(_noise.NextDouble() - 0.5);
            var score = 0.55f + 0.4f * (float)_noise.NextDouble();
            _detections[i] = new Detection(BoxF.FromCenter(cx, cy - PersonHeight / 2, PersonWidth, PersonHeight), score, 0, "person");
        }
        return _detections;
    }

    private static float Wrap(float value, float period) => ((value % period) + period) % period;
}
