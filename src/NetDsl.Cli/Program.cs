NetDsl.Cli.ProcessClock.MarkMainEntered();
NetDsl.Cli.AddressSpaceLimit.ReserveLessUnderLimit(args);
return NetDsl.Cli.CliApp.Run(args, Console.Out, Console.Error);
