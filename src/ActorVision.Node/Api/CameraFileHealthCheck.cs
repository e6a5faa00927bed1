using Akka.Actor;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ActorVision.Node.Api;

/// <summary>
/// The camera file's state as a health check, reported by the gRPC health service under its own name
/// (<see cref="ApiHosting.CameraFileHealthService"/>), not the node's overall status: a rejected file leaves the cluster
/// running the cameras of the last valid file, so the node still serves. Unhealthy while the file is rejected.
/// </summary>
public sealed class CameraFileHealthCheck(CameraFileReports reports) : IHealthCheck
{
    public const string Tag = "camera-file";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var status = await reports.AskAsync(cancellationToken);
            if (status is null) return HealthCheckResult.Healthy("no camera file is configured");
            return status.State == "rejected"
                ? HealthCheckResult.Unhealthy($"{status.Path}: {status.Message}")
                : HealthCheckResult.Healthy($"{status.Path}: {status.State}");
        }
        catch (AskTimeoutException)
        {
            return HealthCheckResult.Degraded("the camera file watcher did not answer (its node may be failing over)");
        }
    }
}
