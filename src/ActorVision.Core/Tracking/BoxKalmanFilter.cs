using ActorVision.Core.Geometry;

namespace ActorVision.Core.Tracking;

/// <summary>
/// Constant-velocity Kalman filter on a box (centre x, centre y, width, height), ByteTrack's noise model with
/// real time steps: ByteTrack tunes its noise per frame at about 30 fps, so the noise here is scaled by the
/// elapsed time over that reference interval, which keeps the filter's behaviour at 5, 10 or 30 analysed frames per second.
/// </summary>
internal struct BoxKalmanFilter
{
    // ByteTrack's weights: position noise is a 20th of the box size, velocity noise a 160th per reference frame.
    private const double PositionWeight = 1d / 20d;
    private const double VelocityWeight = 1d / 160d;
    private const double ReferenceInterval = 1d / 30d;
    private const double MinimumSize = 1d;

    public KalmanAxisState X;
    public KalmanAxisState Y;
    public KalmanAxisState W;
    public KalmanAxisState H;

    public static BoxKalmanFilter Start(BoxF box)
    {
        var w = Math.Max(box.Width, MinimumSize);
        var h = Math.Max(box.Height, MinimumSize);
        return new BoxKalmanFilter
        {
            X = KalmanAxisState.Start((box.X1 + box.X2) * 0.5, Square(2 * PositionWeight * w), Square(10 * VelocityWeight * w / ReferenceInterval)),
            Y = KalmanAxisState.Start((box.Y1 + box.Y2) * 0.5, Square(2 * PositionWeight * h), Square(10 * VelocityWeight * h / ReferenceInterval)),
            W = KalmanAxisState.Start(w, Square(2 * PositionWeight * w), Square(10 * VelocityWeight * w / ReferenceInterval)),
            H = KalmanAxisState.Start(h, Square(2 * PositionWeight * h), Square(10 * VelocityWeight * h / ReferenceInterval)),
        };
    }

    public readonly BoxF Box
    {
        get
        {
            var w = (float)Math.Max(W.Position, MinimumSize);
            var h = (float)Math.Max(H.Position, MinimumSize);
            return BoxF.FromCenter((float)X.Position, (float)Y.Position, w, h);
        }
    }

    /// <summary>Velocity of the box centre in pixels per second.</summary>
    public readonly PointF Velocity => new((float)X.Velocity, (float)Y.Velocity);

    public void Predict(double dt, bool holdSize)
    {
        if (holdSize)
        {
            W = W.Stopped();
            H = H.Stopped();
        }
        if (dt <= 0d) return;
        var steps = dt / ReferenceInterval;
        var w = Math.Max(W.Position, MinimumSize);
        var h = Math.Max(H.Position, MinimumSize);
        var qpw = Square(PositionWeight * w) * steps;
        var qph = Square(PositionWeight * h) * steps;
        var qvw = Square(VelocityWeight * w / ReferenceInterval) * steps;
        var qvh = Square(VelocityWeight * h / ReferenceInterval) * steps;
        X = X.Predicted(dt, qpw, qvw);
        Y = Y.Predicted(dt, qph, qvh);
        W = W.Predicted(dt, qpw, qvw);
        H = H.Predicted(dt, qph, qvh);
    }

    public void Correct(BoxF measured)
    {
        var w = Math.Max(W.Position, MinimumSize);
        var h = Math.Max(H.Position, MinimumSize);
        var rw = Square(PositionWeight * w);
        var rh = Square(PositionWeight * h);
        X = X.Corrected((measured.X1 + measured.X2) * 0.5, rw);
        Y = Y.Corrected((measured.Y1 + measured.Y2) * 0.5, rh);
        W = W.Corrected(Math.Max(measured.Width, MinimumSize), rw);
        H = H.Corrected(Math.Max(measured.Height, MinimumSize), rh);
    }

    private static double Square(double value) => value * value;
}
