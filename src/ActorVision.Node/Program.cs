using Akka.Actor;
using Akka.Configuration;
using ActorVision.Node;
using ActorVision.Node.Configuration;

// actorvision-node: one node of an ActorVision cluster (see README.md and hocon/actorvision.conf).
try
{
    var commandLine = NodeCommandLine.Parse(args);
    var app = NodeHost.Build(commandLine);
    // Why the actor system stopped decides the exit code; read it while the system exists (RunAsync disposes the host).
    CoordinatedShutdown? shutdown = null;
    app.Lifetime.ApplicationStopping.Register(() => shutdown = CoordinatedShutdown.Get(app.Services.GetRequiredService<ActorSystem>()));
    try
    {
        await app.RunAsync();
    }
    catch (OperationCanceledException) when (shutdown is not null)
    {
        // The node stopped itself while the host was still starting; its reason is logged and decides the code below.
    }
    var code = NodeExit.Code(shutdown?.ShutdownReason);
    if (code != NodeExit.Requested) Console.Error.WriteLine($"actorvision-node: stopped on its own ({shutdown?.ShutdownReason}); see the log above");
    return code;
}
catch (NodeUsageException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}
catch (ConfigurationException ex)
{
    Console.Error.WriteLine($"actorvision-node: configuration error: {ex.Message}");
    return 2;
}
