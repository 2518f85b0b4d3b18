print("spikestream")
