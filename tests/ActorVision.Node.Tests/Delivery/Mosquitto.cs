using ActorVision.Tests;
using System.Diagnostics;
using System.Net.Sockets;
using ActorVision.Node.Tests.Support;

namespace ActorVision.Node.Tests.Delivery;

/// <summary>
/// A private Mosquitto broker (Debian's, installed by scripts/setup.sh for tests) on a free loopback port, with its
/// own configuration file: not the system service. Optionally with a password file.
/// </summary>
public sealed class Mosquitto : IDisposable
{
    private readonly Process _process;
    private readonly string _folder;

    private Mosquitto(Process process, string folder, int port)
    {
        _process = process;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    public static async Task<Mosquitto> StartAsync(string? username = null, string? password = null)
    {
        const string executable = "/usr/sbin/mosquitto";
        if (OperatingSystem.IsWindows() || !File.Exists(executable)) throw new InvalidOperationException("mosquitto is not installed: run scripts/setup.sh test");
        var folder = Directory.CreateTempSubdirectory("av-mosquitto-").FullName;
        // Started as root, mosquitto reads its password file as the 'mosquitto' user.
        File.SetUnixFileMode(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var port = TestPorts.Next();
        var config = new List<string> { $"listener {port} 127.0.0.1", "persistence false", "log_dest stderr" };
        if (username is null) config.Add("allow_anonymous true");
        else
        {
            var passwords = Path.Combine(folder, "passwords");
            using (var passwd = Process.Start(new ProcessStartInfo("/usr/bin/mosquitto_passwd", ["-c", "-b", passwords, username, password!]) { RedirectStandardError = true })!)
            {
                await passwd.WaitForExitAsync();
                if (passwd.ExitCode != 0) throw new InvalidOperationException("mosquitto_passwd failed: " + await passwd.StandardError.ReadToEndAsync());
            }
            File.SetUnixFileMode(passwords, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            config.Add("allow_anonymous false");
            config.Add($"password_file {passwords}");
        }
        var file = Path.Combine(folder, "mosquitto.conf");
        await File.WriteAllLinesAsync(file, config);
        var process = Process.Start(new ProcessStartInfo(executable, ["-c", file]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, line) => { if (line.Data is not null) log.Enqueue(line.Data); };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        var broker = new Mosquitto(process, folder, port);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return broker;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(20);
            }
            catch (Exception ex)
            {
                broker.Dispose();
                throw new InvalidOperationException($"mosquitto did not start: {ex.Message}\n{string.Join('\n', log)}", ex);
            }
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        _process.Dispose();
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
