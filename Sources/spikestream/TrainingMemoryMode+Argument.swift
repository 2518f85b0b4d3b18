import ArgumentParser
import SpikeNet

extension TrainingMemoryMode: ExpressibleByArgument {}
