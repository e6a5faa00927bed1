using ActorVision.Cli;

return await Avctl.ForProcess().RunAsync(args);
