namespace ActorVision.Core.Tracking;

/// <summary>
/// One coordinate of a track's box filter (centre x, centre y, width or height): a constant-velocity Kalman
/// filter state with the position in pixels, the velocity in pixels per second and their 2x2 covariance.
/// The box filter keeps four of these because its noise matrices are diagonal, so the coordinates never
/// correlate and four 2x2 filters equal one 8x8 filter at a fraction of the cost.
/// </summary>
public readonly record struct KalmanAxisState(
    double Position,
    double Velocity,
    double PositionVariance,
    double Covariance,
    double VelocityVariance)
{
    /// <summary>Starts at a measured position with no known velocity.</summary>
    public static KalmanAxisState Start(double position, double positionVariance, double velocityVariance) =>
        new(position, 0d, positionVariance, 0d, velocityVariance);

    /// <summary>Moves the state <paramref name="dt"/> seconds ahead and adds the process noise for that interval.</summary>
    public KalmanAxisState Predicted(double dt, double positionNoise, double velocityNoise) => new(
        Position + Velocity * dt,
        Velocity,
        PositionVariance + 2d * Covariance * dt + VelocityVariance * dt * dt + positionNoise,
        Covariance + VelocityVariance * dt,
        VelocityVariance + velocityNoise);

    /// <summary>Blends in a measured position whose error has variance <paramref name="measurementVariance"/>.</summary>
    public KalmanAxisState Corrected(double measured, double measurementVariance)
    {
        var innovationVariance = PositionVariance + measurementVariance;
        var gainPosition = PositionVariance / innovationVariance;
        var gainVelocity = Covariance / innovationVariance;
        var innovation = measured - Position;
        return new(
            Position + gainPosition * innovation,
            Velocity + gainVelocity * innovation,
            PositionVariance * measurementVariance / innovationVariance,
            Covariance * measurementVariance / innovationVariance,
            VelocityVariance - Covariance * gainVelocity);
    }

    /// <summary>The same position with the velocity dropped (a lost track's size should not keep growing or shrinking).</summary>
    public KalmanAxisState Stopped() => this with { Velocity = 0d };
}
