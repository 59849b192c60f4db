# <name>. The password is not imported (Perses never gives it back): the next apply sends the
# configured one.
terraform import perses_user.bob bob
