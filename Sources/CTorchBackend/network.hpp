// The C API's network handle: its layers on one device, their parameters in order, the loss and the optimizer's
// settings (shared by network.cpp and split_step.cpp).
#pragma once

#include "backend.hpp"

#include <spk_torch.h>

struct spk_torch_network {
    c10::Device device{c10::kCPU};
    std::vector<std::unique_ptr<spk::Layer>> layers;
    std::vector<spk::SpikingLayer *> spiking;
    std::vector<spk::DropoutLayer *> dropouts;
    std::vector<spk::Parameter *> parameters;
    spk::OptimizerSettings optimizer;
    int loss = SPK_LOSS_RATE_MSE;
    float loss_scale = 1;
    /// Fault injection (tests): the training pass of this optimizer step raises libtorch's out-of-memory error.
    int64_t out_of_memory_at_step = 0;
    /// The element type of convolutions and GEMMs (spk_torch_set_precision).
    at::ScalarType matmul = at::kFloat;

    at::TensorOptions options() const { return at::TensorOptions().dtype(at::kFloat).device(device); }

    /// A host array on the device (copied).
    at::Tensor upload(const float *values, at::IntArrayRef shape) const {
        if (values == nullptr) throw spk::ArgumentError("missing values");
        return at::from_blob(const_cast<float *>(values), shape, at::kFloat).to(device, false, true);
    }

    void add(std::unique_ptr<spk::Layer> layer) {
        for (auto *p : layer->parameters()) parameters.push_back(p);
        layers.push_back(std::move(layer));
    }

    void add_spiking(std::unique_ptr<spk::SpikingLayer> layer) {
        spiking.push_back(layer.get());
        add(std::move(layer));
    }

    /// Index of the lowest layer with parameters: below it nobody needs the error.
    size_t lowest_weighted() const {
        for (size_t i = 0; i < layers.size(); ++i)
            if (!layers[i]->parameters().empty()) return i;
        return 0;
    }
};

