using ActorVision.Node.Tests.Observability;
using ActorVision.Tests;
using Xunit.Abstractions;

namespace ActorVision.Node.Tests.Dashboard;

/// <summary>
/// The dashboard in headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core from tests/browser) on a
/// node with keys: the browser signs in with the viewer key, the dashboard loads, lists a running camera, the live view
/// shows changing frames, an event appears with its thumbnail (all from the session cookie). Screenshots land in
/// artifacts/test-results/.
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
}
