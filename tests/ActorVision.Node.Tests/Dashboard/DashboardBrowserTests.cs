using ActorVision.Node.Tests.Observability;
using ActorVision.Tests;
using Xunit.Abstractions;

namespace ActorVision.Node.Tests.Dashboard;

/// <summary>
/// The dashboard in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core from tests/browser) on a
/// node with keys: the browser signs in with the viewer key, the dashboard loads, lists a running camera, the live view
/// shows changing frames, an event appears with its thumbnail (all from the session cookie); a node over capacity is
/// red with why. Screenshots land in artifacts/test-results/.
/// </summary>
public sealed class DashboardBrowserTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_dashboard_shows_a_running_camera_its_live_view_and_its_events()
    {
        BrowserScript.RequireInstalled();
        const string viewerKey = "viewer-key-browser-62c0d9e4a1";
        await using var running = await CrossingCameraNode.StartAsync("browser", $$"""
            actorvision.api.api-key = "admin-key-browser-1b7f3a5c08"
            actorvision.api.viewer-key = "{{viewerKey}}"
            """);

        var artifacts = Path.Combine(TestAssets.RepoRoot, "artifacts", "test-results");
        var (exitCode, log) = await BrowserScript.RunAsync("dashboard.mjs", running.Node.HttpAddress.ToString().TrimEnd('/'), running.CameraId, artifacts, viewerKey);
        output.WriteLine(log);

        Assert.True(exitCode == 0, "browser check failed:\n" + log);
        foreach (var check in new[] { "CHECK signed in", "CHECK loaded", "CHECK listed", "CHECK live", "CHECK camera events", "CHECK feed", "CHECK panels", "CHECK clean" })
            Assert.Contains(check, log);
        Assert.True(new FileInfo(Path.Combine(artifacts, "dashboard.png")).Length > 10_000, "the screenshot is missing or empty");
    }

    [Fact]
    public async Task A_node_over_capacity_is_red_in_the_cluster_panel_with_why()
    {
        BrowserScript.RequireInstalled();
        // A hundredth of a core to use: the node is over capacity on CPU from its second measurement on.
        await using var node = await ActorVision.Node.Tests.Support.TestNode.StartAsync("actorvision.capacity.cores = 0.01");

        var artifacts = Path.Combine(TestAssets.RepoRoot, "artifacts", "test-results");
        var (exitCode, log) = await BrowserScript.RunAsync("capacity.mjs", node.HttpAddress.ToString().TrimEnd('/'), artifacts);
        output.WriteLine(log);

        Assert.True(exitCode == 0, "browser check failed:\n" + log);
        foreach (var check in new[] { "CHECK loaded", "CHECK over capacity", "CHECK counted", "CHECK clean" })
            Assert.Contains(check, log);
    }
}
