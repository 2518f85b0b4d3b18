// See gloo/context.h: ProcessGroupGloo.hpp names no gloo error type.
#pragma once
