using System.Globalization;
using System.Threading.RateLimiting;
using Akka.Configuration;
using Grpc.Core;
using Microsoft.AspNetCore.RateLimiting;

namespace ActorVision.Node.Access;

/// <summary>
/// How much one caller, or everyone together, may ask of a node's ports (<c>actorvision.api.limits</c>): connections,
/// message size, a request rate per caller (per key; per client address for requests without a valid key) and the
/// long-lived streams (live video, dashboard pushes) held at once.
/// </summary>
public sealed record RequestLimits(
    int MaxConnections,
    int MaxMessageSize,
    int RequestsPerSecond,
    int UnauthenticatedRequestsPerSecond,
    int MaxLiveViews,
    int MaxDashboardStreams)
{
    public const string LiveViews = "live-views";
    public const string DashboardStreams = "dashboard-streams";

    public static RequestLimits Default { get; } = FromConfig(Config.Empty);

    public static RequestLimits FromConfig(Config? limits)
    {
        limits ??= Config.Empty;
        var messageSize = limits.GetByteSize("max-message-size") ?? 4 * 1024 * 1024;
        var settings = new RequestLimits(
            limits.GetInt("max-connections", 1000),
            messageSize is > 0 and <= 256 * 1024 * 1024 ? (int)messageSize
                : throw new ConfigurationException("actorvision.api.limits.max-message-size must be more than 0 and at most 256MiB"),
            limits.GetInt("requests-per-second", 200),
            limits.GetInt("unauthenticated-requests-per-second", 20),
            limits.GetInt("max-live-views", 32),
            limits.GetInt("max-dashboard-streams", 64));
        if (settings.MaxConnections < 1) throw new ConfigurationException("actorvision.api.limits.max-connections must be at least 1");
        if (settings.RequestsPerSecond < 0 || settings.UnauthenticatedRequestsPerSecond < 0)
            throw new ConfigurationException("actorvision.api.limits: requests-per-second values must be 0 (no limit) or more");
        if (settings.MaxLiveViews < 1 || settings.MaxDashboardStreams < 1)
            throw new ConfigurationException("actorvision.api.limits: max-live-views and max-dashboard-streams must be at least 1");
        return settings;
    }

    /// <summary>ASP.NET Core's rate limiter with the node's limits; refusals say which limit, in the caller's protocol.</summary>
    public void Configure(RateLimiterOptions options)
    {
        options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => Caller.Of(context.User) is { } caller
            ? Bucket("key:" + caller.Name, RequestsPerSecond)
            : Bucket("address:" + context.Connection.RemoteIpAddress, UnauthenticatedRequestsPerSecond));
        options.AddConcurrencyLimiter(LiveViews, o => o.PermitLimit = MaxLiveViews);
        options.AddConcurrencyLimiter(DashboardStreams, o => o.PermitLimit = MaxDashboardStreams);
        options.OnRejected = (rejected, _) =>
        {
            var context = rejected.HttpContext;
            var policy = context.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName;
            var reason = policy switch
            {
                LiveViews => $"this node already serves {MaxLiveViews} live views (actorvision.api.limits.max-live-views); close one or try another node",
                DashboardStreams => $"this node already serves {MaxDashboardStreams} dashboards (actorvision.api.limits.max-dashboard-streams)",
                _ => Caller.Of(context.User) is { } caller
                    ? $"too many requests from '{caller.Name}' (actorvision.api.limits.requests-per-second = {RequestsPerSecond}); retry in a second"
                    : $"too many requests from {context.Connection.RemoteIpAddress} without a valid key (actorvision.api.limits.unauthenticated-requests-per-second = {UnauthenticatedRequestsPerSecond}); retry in a second",
            };
            var streamsFull = policy is LiveViews or DashboardStreams;
            return new ValueTask(streamsFull
                ? Refusal.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, StatusCode.ResourceExhausted, reason)
                : Refusal.WriteAsync(context, StatusCodes.Status429TooManyRequests, StatusCode.ResourceExhausted, reason, ("Retry-After", "1")));
        };
    }

    /// <summary>A token bucket holding a second's worth, refilled every second; 0 requests per second: no limit.</summary>
    private static RateLimitPartition<string> Bucket(string partition, int perSecond) => perSecond == 0
        ? RateLimitPartition.GetNoLimiter(partition)
        : RateLimitPartition.GetTokenBucketLimiter(partition, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = perSecond,
            TokensPerPeriod = perSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{MaxConnections} connections, {MaxMessageSize / 1024} KiB messages, {RequestsPerSecond}/s per key, {UnauthenticatedRequestsPerSecond}/s per address without a key");
}
