#pragma once

#include <cmath>

namespace Limber {

/// A point or direction in space, in centimetres. The body's own axes (see Body.h): x to the
/// front, y up, z to the body's right.
struct Vector3 {
    double x = 0;
    double y = 0;
    double z = 0;

    Vector3 operator+(const Vector3& o) const { return {x + o.x, y + o.y, z + o.z}; }
    Vector3 operator-(const Vector3& o) const { return {x - o.x, y - o.y, z - o.z}; }
    Vector3 operator*(double k) const { return {x * k, y * k, z * k}; }
    double dot(const Vector3& o) const { return x * o.x + y * o.y + z * o.z; }
    double length() const { return std::sqrt(dot(*this)); }
};

/// A rotation in space (an orthonormal 3 x 3 matrix), built from turns about the axes.
class Rotation {
public:
    /// No rotation.
    Rotation() = default;

    /// degrees about x, right-handed: y turns toward z.
    static Rotation aboutX(double degrees);
    /// degrees about y, right-handed: z turns toward x.
    static Rotation aboutY(double degrees);
    /// degrees about z, right-handed: x turns toward y.
    static Rotation aboutZ(double degrees);

    /// This rotation after other: (a * b)(v) = a(b(v)).
    Rotation operator*(const Rotation& other) const;
    Vector3 operator*(const Vector3& v) const;

private:
    double _m[3][3] = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
};

/// A position and an orientation: where a body segment's own axes are.
struct Frame {
    Vector3 origin;
    Rotation rotation;

    /// A point given in this frame's axes, in the parent's.
    Vector3 apply(const Vector3& local) const { return origin + rotation * local; }
    /// The frame at local point offset, turned by turn (relative to this frame's axes).
    Frame child(const Vector3& offset, const Rotation& turn) const {
        return {apply(offset), rotation * turn};
    }
};

} // namespace Limber
