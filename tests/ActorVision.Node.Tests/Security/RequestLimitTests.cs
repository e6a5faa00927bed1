using System.Net;
using System.Text.Json;
using ActorVision.Node.Tests.Support;

namespace ActorVision.Node.Tests.Security;

/// <summary>ASP.NET Core's rate and concurrency limiters as a node configures them: per caller, refusals that name the limit, probes never limited.</summary>
public sealed class RequestLimitTests
{
    private const string ViewerKey = "viewer-key-limits-4d2e8a0b6c";

    [Fact]
    public async Task Requests_without_a_valid_key_beyond_their_rate_are_refused_with_429_and_probes_never_are()
    {
        await using var node = await TestNode.StartAsync($$"""
            actorvision.api {
              viewer-key = "{{ViewerKey}}"
              limits { unauthenticated-requests-per-second = 2, requests-per-second = 1000 }
            }
            """);
        using var http = new HttpClient { BaseAddress = node.HttpAddress };

        var answers = await Task.WhenAll(Enumerable.Range(0, 60).Select(async _ =>
        {
            using var response = await http.GetAsync("/metrics");
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync(), RetryAfter: response.Headers.RetryAfter?.Delta);
        }));
        var probes = await Task.WhenAll(Enumerable.Range(0, 60).Select(_ => http.GetAsync("/healthz")));

        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.Unauthorized);
        var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToArray();
        Assert.True(limited.Length >= 40, $"{limited.Length} of 60 requests were limited");
        Assert.Contains("unauthenticated-requests-per-second = 2", Error(limited[0].Body));
        Assert.Equal(TimeSpan.FromSeconds(1), limited[0].RetryAfter);
        Assert.All(probes, p => Assert.Equal(HttpStatusCode.OK, p.StatusCode));
        // A caller with a key has a bucket of its own.
        using var keyed = new HttpRequestMessage(HttpMethod.Get, "/metrics") { Headers = { { "x-api-key", ViewerKey } } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(keyed)).StatusCode);
    }

    [Fact]
    public async Task A_node_serves_at_most_its_cap_of_dashboard_streams_and_frees_a_place_when_one_closes()
    {
        await using var node = await TestNode.StartAsync($$"""
            actorvision.api {
              viewer-key = "{{ViewerKey}}"
              limits.max-dashboard-streams = 1
            }
            """);
        using var http = new HttpClient { BaseAddress = node.HttpAddress };
        http.DefaultRequestHeaders.Add("x-api-key", ViewerKey);

        var first = await http.GetAsync("/api/dashboard/stream", HttpCompletionOption.ResponseHeadersRead);
        using var second = await http.GetAsync("/api/dashboard/stream", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal("this node already serves 1 dashboards (actorvision.api.limits.max-dashboard-streams)", Error(await second.Content.ReadAsStringAsync()));
        first.Dispose();
        await Eventually.GetAsync(async () =>
        {
            using var third = await http.GetAsync("/api/dashboard/stream", HttpCompletionOption.ResponseHeadersRead);
            return third.StatusCode;
        }, status => status == HttpStatusCode.OK, TimeSpan.FromSeconds(30), "a place freed by the closed stream");
    }

    private static string Error(string body)
    {
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("error").GetString()!;
    }
}
