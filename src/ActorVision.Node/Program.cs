Console.Error.WriteLine("actorvision-node: not built yet"); return 1;
