#include "Vector3.h"

#include <numbers>

namespace Limber {

namespace {

constexpr double radians(double degrees) {
    return degrees * std::numbers::pi / 180.0;
}

} // namespace

Rotation Rotation::aboutX(double degrees) {
    double c = std::cos(radians(degrees));
    double s = std::sin(radians(degrees));
    Rotation r;
    r._m[1][1] = c;
    r._m[1][2] = -s;
    r._m[2][1] = s;
    r._m[2][2] = c;
    return r;
}

Rotation Rotation::aboutY(double degrees) {
    double c = std::cos(radians(degrees));
    double s = std::sin(radians(degrees));
    Rotation r;
    r._m[0][0] = c;
    r._m[0][2] = s;
    r._m[2][0] = -s;
    r._m[2][2] = c;
    return r;
}

Rotation Rotation::aboutZ(double degrees) {
    double c = std::cos(radians(degrees));
    double s = std::sin(radians(degrees));
    Rotation r;
    r._m[0][0] = c;
    r._m[0][1] = -s;
    r._m[1][0] = s;
    r._m[1][1] = c;
    return r;
}

Rotation Rotation::operator*(const Rotation& other) const {
    Rotation r;
    for (int i = 0; i < 3; ++i)
        for (int j = 0; j < 3; ++j) {
            double sum = 0;
            for (int k = 0; k < 3; ++k)
                sum += _m[i][k] * other._m[k][j];
            r._m[i][j] = sum;
        }
    return r;
}

Vector3 Rotation::operator*(const Vector3& v) const {
    return {_m[0][0] * v.x + _m[0][1] * v.y + _m[0][2] * v.z,
            _m[1][0] * v.x + _m[1][1] * v.y + _m[1][2] * v.z,
            _m[2][0] * v.x + _m[2][1] * v.y + _m[2][2] * v.z};
}

} // namespace Limber
